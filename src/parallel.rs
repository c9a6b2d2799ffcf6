//! Work spread over the cores: rayon's pool natively (`RAYON_NUM_THREADS` sets its
//! size), one thread in order under WASI. Every result keeps the place of its input,
//! so what is built is byte-identical however many threads build it. With one thread,
//! or a single item, the work runs in place: a small site pays nothing for the pool.

/// `f` of every item, in the items' order.
#[cfg(not(target_family = "wasm"))]
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    if in_place(items) {
        return items.iter().map(f).collect();
    }
    items.par_iter().map(f).collect()
}

/// Whether spreading `items` over threads cannot gain anything.
#[cfg(not(target_family = "wasm"))]
fn in_place<T>(items: &[T]) -> bool {
    items.len() < 2 || rayon::current_num_threads() == 1
}

/// `f` of every item, in the items' order.
#[cfg(target_family = "wasm")]
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.iter().map(f).collect()
}

/// `a()` and `b()`, at the same time where there are threads.
#[cfg(not(target_family = "wasm"))]
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if rayon::current_num_threads() == 1 {
        return (a(), b());
    }
    rayon::join(a, b)
}

/// `a()` and `b()`, one after the other.
#[cfg(target_family = "wasm")]
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    (a(), b())
}

/// [`map`] with a scratch value per thread (made by `init`), for work that needs room.
#[cfg(not(target_family = "wasm"))]
pub fn map_with<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    if in_place(items) {
        let mut scratch = init();
        return items.iter().map(|item| f(&mut scratch, item)).collect();
    }
    items.par_iter().map_init(init, f).collect()
}

/// [`map`] with a scratch value per thread (made by `init`), for work that needs room.
#[cfg(target_family = "wasm")]
pub fn map_with<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync + Send,
    f: impl Fn(&mut S, &T) -> R + Sync + Send,
) -> Vec<R> {
    let mut scratch = init();
    items.iter().map(|item| f(&mut scratch, item)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_their_inputs() {
        let items: Vec<u32> = (0..10_000).collect();
        assert_eq!(super::map(&items, |&i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
        let counted = super::map_with(&items, Vec::new, |seen: &mut Vec<u32>, &i| {
            seen.push(i);
            i + 1
        });
        assert_eq!(counted, items.iter().map(|i| i + 1).collect::<Vec<_>>());
    }
}
