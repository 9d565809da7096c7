//! A count of running workers with a ceiling: [`Slots::take`] waits for a
//! free slot, and the returned guard frees it when dropped.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Workers running under one reader.
#[derive(Debug, Default)]
pub struct Slots {
    busy: Mutex<usize>,
    freed: Condvar,
}

/// A taken slot; dropping it frees the slot.
pub struct Slot<'a>(&'a Slots);

impl Slots {
    fn lock(&self) -> MutexGuard<'_, usize> {
        // The count stays right even if a holder panicked.
        self.busy.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until fewer than `max` (at least 1) slots are taken, then takes one.
    pub fn take(&self, max: usize) -> Slot<'_> {
        let mut busy = self.lock();
        while *busy >= max.max(1) {
            busy = self.freed.wait(busy).unwrap_or_else(PoisonError::into_inner);
        }
        *busy += 1;
        Slot(self)
    }

    /// Takes a slot if one is free now.
    pub fn try_take(&self, max: usize) -> Option<Slot<'_>> {
        let mut busy = self.lock();
        (*busy < max.max(1)).then(|| {
            *busy += 1;
            Slot(self)
        })
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        *self.0.lock() -= 1;
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_max_slots_are_taken_and_a_waiter_gets_a_freed_one() {
        let slots = Slots::default();
        let a = slots.take(2);
        let b = slots.take(2);
        assert!(slots.try_take(2).is_none());
        drop(a);
        let c = slots.try_take(2).expect("a freed slot");
        std::thread::scope(|s| {
            let waiter = s.spawn(|| drop(slots.take(2)));
            drop(b);
            waiter.join().unwrap();
        });
        drop(c);
        assert!(slots.try_take(0).is_some(), "a ceiling of 0 still lets one worker run");
    }
}
