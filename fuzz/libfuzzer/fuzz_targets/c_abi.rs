#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hms_fuzz::c_abi::run(data));
