//! `KafkaConsumer.close()`: a graceful leave, as the Java client does it.
//!
//! `ConsumerCoordinator.close` first commits what the application consumed
//! when auto-commit is on (`maybeAutoCommitOffsetsSync`, a synchronous
//! commit that retries retriable errors) and waits for commits still in
//! flight; then `AbstractCoordinator.close` stops the heartbeat thread,
//! calls `onLeavePrepare` (the rebalance listener's `onPartitionsRevoked`
//! for every owned partition, `onPartitionsLost` if the member has no
//! generation or is mid-rebalance) and `maybeLeaveGroup("the consumer is
//! being closed")`: a dynamic member sends LeaveGroup, so the coordinator
//! rebalances at once instead of waiting for `session.timeout.ms`; a static
//! member (`group.instance.id`) sends nothing and stays in the group until
//! its session times out (KIP-345). `close()` then waits for the pending
//! coordinator requests (`awaitPendingRequests`); the whole call is bounded
//! by `min(close timeout, request.timeout.ms)` (`KafkaConsumer.close`, the
//! default close timeout being 30 s).
//!
//! The application calls `close()` after its poll loop, so records already
//! returned by `poll()` are processed first (heartbeats go on meanwhile);
//! records fetched but not yet returned are dropped, and the next owner
//! reads them from the committed offset. The simplification: the heartbeat
//! thread stops when the commit starts, not after it (a few milliseconds).

use super::consumer::{Consumer, Pending};
use super::ctx::{Ctx, Timer};
use super::event::{Event, Revocation};
use super::group_member::MemberState;
use super::protocol::KafkaError;
use super::types::TimeMs;

/// `KafkaConsumer.DEFAULT_CLOSE_TIMEOUT_MS`.
const CLOSE_TIMEOUT_MS: TimeMs = 30_000;

/// The reason a closing member gives in LeaveGroup (`AbstractCoordinator.close`).
pub const LEAVE_REASON: &str = "the consumer is being closed";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosePhase {
    /// The application finishes the records its last poll() returned.
    Draining,
    /// The closing auto-commit and any commit still in flight.
    Committing,
    /// LeaveGroup sent; close() waits for the answer.
    Leaving,
    /// close() returned (the simulation removes the consumer).
    Closed,
}

/// A `close()` under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closing {
    pub phase: ClosePhase,
    /// When close() gives up waiting and returns anyway.
    deadline: TimeMs,
    /// The synchronous auto-commit still to send, not before this time
    /// (after a retriable failure, `retry.backoff.ms` later).
    sync_commit: Option<TimeMs>,
}

/// Errors `commitOffsetsSync` retries (`OffsetCommitResponseHandler`
/// raises them as retriable); any other failure is logged and close goes on.
fn retriable_commit(error: KafkaError) -> bool {
    matches!(
        error,
        KafkaError::CoordinatorLoadInProgress
            | KafkaError::CoordinatorNotAvailable
            | KafkaError::NotCoordinator
            | KafkaError::RequestTimedOut
            | KafkaError::NetworkException
            | KafkaError::UnknownTopicOrPartition
    )
}

impl Consumer {
    /// The application calls `close()`. A paused (stuck) application is
    /// taken to come back and close.
    pub fn close(&mut self, ctx: &mut Ctx) {
        self.paused = false;
        ctx.emit(Event::ConsumerClosing {
            consumer: self.id,
            group: self.group.as_ref().map(|g| g.group.to_string()),
            subscribed: self.subscribes(),
            auto_commit: self.group.is_some() && self.config.enable_auto_commit,
            static_member: self.config.group_instance_id.is_some(),
        });
        self.closing = Some(Closing {
            phase: ClosePhase::Draining,
            deadline: TimeMs::MAX,
            sync_commit: None,
        });
        if self.busy_until.is_none() {
            self.begin_close(ctx);
        }
    }

    pub(super) fn is_draining(&self) -> bool {
        self.closing
            .as_ref()
            .is_some_and(|c| c.phase == ClosePhase::Draining)
    }

    /// close() proper, once the application is done with its records: the
    /// fetcher stops, and only coordinator requests still count.
    pub(super) fn begin_close(&mut self, ctx: &mut Ctx) {
        self.pending.retain(|_, p| {
            matches!(
                p,
                Pending::Commit(_) | Pending::FindCoordinator | Pending::Leave
            )
        });
        self.buffer.clear();
        self.awaiting_offsets.clear();
        let bound = CLOSE_TIMEOUT_MS.min(self.config.request_timeout_ms);
        let auto_commit = self.group.is_some() && self.config.enable_auto_commit;
        self.closing = Some(Closing {
            phase: ClosePhase::Committing,
            deadline: ctx.now + bound,
            sync_commit: auto_commit.then_some(ctx.now),
        });
        ctx.after(self.node(), bound, Timer::ClientWake);
        self.advance_close(ctx);
    }

    /// A commit failed while closing: retriable errors are retried after
    /// `retry.backoff.ms` until close() times out.
    pub(super) fn close_commit_failed(&mut self, error: KafkaError, ctx: &mut Ctx) {
        let backoff = self.config.retry_backoff_ms;
        let retry = self.config.enable_auto_commit && retriable_commit(error);
        if let Some(c) = self.closing.as_mut().filter(|_| retry) {
            c.sync_commit = Some(ctx.now + backoff);
            ctx.after(self.node(), backoff, Timer::ClientWake);
        }
    }

    /// Moves close() on as far as the answers so far allow; called from
    /// every wake-up of the closing client (its network poll).
    pub(super) fn advance_close(&mut self, ctx: &mut Ctx) {
        let Some(c) = self.closing.clone() else {
            return;
        };
        let expired = ctx.now >= c.deadline;
        match c.phase {
            ClosePhase::Draining | ClosePhase::Closed => {}
            ClosePhase::Committing => {
                if let Some(at) = c.sync_commit.filter(|_| !expired) {
                    if ctx.now < at {
                        return;
                    }
                    if self.group.as_ref().is_some_and(|g| g.coordinator.is_none()) {
                        // ensureCoordinatorReady: FindCoordinator first.
                        return self.ensure_group(ctx);
                    }
                    if let Some(c) = &mut self.closing {
                        c.sync_commit = None;
                    }
                    // Sent at once, next to any commit still in flight.
                    self.commit_positions(ctx);
                }
                if !expired && self.has_pending(|p| matches!(p, Pending::Commit(_))) {
                    return;
                }
                self.leave_on_close(ctx);
            }
            ClosePhase::Leaving => {
                if expired || !self.has_pending(|p| *p == Pending::Leave) {
                    if let Some(c) = &mut self.closing {
                        c.phase = ClosePhase::Closed;
                    }
                    ctx.emit(Event::ConsumerClosed { consumer: self.id });
                }
            }
        }
    }

    /// `onLeavePrepare`, then `maybeLeaveGroup`.
    fn leave_on_close(&mut self, ctx: &mut Ctx) {
        if self.subscribes() {
            let settled = self.group.as_ref().is_some_and(|g| {
                g.generation >= 0
                    && !g.member_id.is_empty()
                    && !matches!(g.state, MemberState::Joining | MemberState::Syncing)
            });
            let how = match settled {
                true => Revocation::Close,
                false => Revocation::Lost,
            };
            let all = self.assignment.clone();
            self.revoke(&all, how, ctx);
            self.leave_group(LEAVE_REASON, ctx);
        }
        if let Some(c) = &mut self.closing {
            c.phase = ClosePhase::Leaving;
        }
        self.advance_close(ctx);
    }
}
