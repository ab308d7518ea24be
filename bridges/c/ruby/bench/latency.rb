# frozen_string_literal: true

# Times one call (the coordinator's ping) through the HMS module on an
# embedded runtime and prints the percentiles as JSON; the bench of
# bridges/c (cargo bench -p hms-c) runs it beside Rust and Go.
require 'json'
require_relative '../lib/hms'

n = Integer(ARGV[0] || 20_000)
warm = Integer(ARGV[1] || 2000)
rt = HMS::Runtime.start
ping = '{"type":"ping"}'
samples = []
(warm + n).times do |i|
  start = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
  rt.call('coordinator', ping)
  samples << (Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - start) if i >= warm
end
rt.close
samples.sort!
q = ->(p) { samples[((samples.size - 1) * p).round] / 1e3 }
# The binding alone: a call that does no work (mean of a million).
noops = 1_000_000
start = Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond)
noops.times { HMS.abi_version }
noop = (Process.clock_gettime(Process::CLOCK_MONOTONIC, :nanosecond) - start) / 1e3 / noops
puts JSON.generate(p50_us: q.(0.5), p99_us: q.(0.99), noop_us: noop)
