//! Data parallelism that stays deterministic: `map` returns results in index
//! order whatever the thread count. With the `parallel` feature it runs on
//! rayon; without (the wasm build) it runs in order on one thread.

#[cfg(feature = "parallel")]
pub fn map<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    (0..n).into_par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub fn map<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
    (0..n).map(f).collect()
}

/// Like [`map`], over the items of a slice, splitting work no finer than `min_len`.
#[cfg(feature = "parallel")]
pub fn map_slice<T: Sync, R: Send>(
    items: &[T],
    min_len: usize,
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().with_min_len(min_len).map(f).collect()
}

#[cfg(not(feature = "parallel"))]
pub fn map_slice<T: Sync, R: Send>(
    items: &[T],
    _min_len: usize,
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    items.iter().map(f).collect()
}
