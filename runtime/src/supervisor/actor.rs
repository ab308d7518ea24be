//! The supervisor itself: a ractor actor that starts its children in order,
//! applies its strategy when one exits, counts restarts against its intensity,
//! and stops its children in reverse order. Modelled on OTP's `supervisor.erl`.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use ractor::{Actor, ActorProcessingErr, ActorRef, SupervisionEvent};
use tokio::time::Instant;

use super::children::Children;
use super::intensity::Intensity;
use super::message::{ChildView, StartArg, SupMsg};
use super::shutdown::{stop_child, stop_together};
use super::{ChildCounts, ChildId, ChildInfo, ChildRef, ChildStatus, SupervisorError};
use crate::error::Error;
use crate::event::{Event, EventKind};
use crate::exit::{panic_message, ExitError, ExitReason};
use crate::name::Slot;
use crate::rng::mix;
use crate::runtime::Runtime;
use crate::spec::{
    AutoShutdown, ChildKind, ChildSpec, Restart, StartError, StartRequest, Strategy, SupervisorSpec,
};

pub(crate) type InitFn = dyn Fn() -> Result<SupervisorSpec, String> + Send + Sync;

pub(crate) struct SupervisorActor;

pub(crate) struct SupArgs {
    pub init: Arc<InitFn>,
    pub path: String,
    pub runtime: Runtime,
    pub slot: Arc<Slot<SupMsg>>,
}

pub(crate) struct SupState {
    path: String,
    runtime: Runtime,
    myself: ActorRef<SupMsg>,
    strategy: Strategy,
    intensity: Intensity,
    auto_shutdown: AutoShutdown,
    /// The one spec of a `simple_one_for_one` supervisor.
    template: Option<Arc<ChildSpec>>,
    children: Children,
    next_token: u64,
    /// Set once the supervisor has decided to stop itself; nothing restarts after.
    exit: Option<ExitReason>,
    stop_sent: bool,
}

fn fail(reason: ExitReason) -> ActorProcessingErr {
    Box::new(ExitError(reason))
}

impl Actor for SupervisorActor {
    type Msg = SupMsg;
    type State = SupState;
    type Arguments = SupArgs;

    async fn pre_start(
        &self,
        myself: ActorRef<SupMsg>,
        args: SupArgs,
    ) -> Result<SupState, ActorProcessingErr> {
        if args.slot.faults.take_start_failure() {
            return Err(fail(ExitReason::Error(
                "injected fault: fail_restarts".into(),
            )));
        }
        let spec = match std::panic::catch_unwind(AssertUnwindSafe(|| (args.init)())) {
            Ok(Ok(spec)) => spec,
            Ok(Err(e)) => return Err(fail(ExitReason::Error(format!("init: {e}")))),
            Err(p) => return Err(fail(ExitReason::Panic(panic_message(p)))),
        };
        if let Err(e) = spec.check() {
            return Err(fail(ExitReason::Error(format!(
                "invalid supervisor spec: {e}"
            ))));
        }
        let mut st = SupState {
            path: args.path,
            runtime: args.runtime,
            myself,
            strategy: spec.strategy,
            intensity: Intensity::new(spec.intensity, spec.period),
            auto_shutdown: spec.auto_shutdown,
            template: None,
            children: Children::default(),
            next_token: 0,
            exit: None,
            stop_sent: false,
        };
        if spec.strategy == Strategy::SimpleOneForOne {
            st.template = spec.children.into_iter().next().map(Arc::new);
            return Ok(st);
        }
        for child in spec.children {
            let seq = st
                .children
                .push(Some(child.id.clone()), Arc::new(child), None);
            if let Err(reason) = st.start_initial(seq).await {
                let id = st.children.get(seq).map(|c| c.label()).unwrap_or_default();
                st.terminate_all().await;
                return Err(fail(ExitReason::Error(format!(
                    "failed_to_start_child '{id}': {reason}"
                ))));
            }
        }
        Ok(st)
    }

    async fn handle(
        &self,
        _myself: ActorRef<SupMsg>,
        msg: SupMsg,
        st: &mut SupState,
    ) -> Result<(), ActorProcessingErr> {
        match msg {
            SupMsg::WhichChildren(r) => {
                let _ = r.send(st.which_children());
            }
            SupMsg::CountChildren(r) => {
                let _ = r.send(st.count_children());
            }
            SupMsg::StartChild(arg, r) => {
                let _ = r.send(st.start_child(arg).await);
            }
            SupMsg::StartChildren(all, r) => {
                let mut started = Vec::with_capacity(all.len());
                for args in all {
                    started.push(st.start_child(StartArg::Args(args)).await);
                }
                let _ = r.send(started);
            }
            SupMsg::TerminateChild(id, r) => {
                let _ = r.send(st.terminate_child(&id).await);
            }
            SupMsg::RestartChild(id, r) => {
                let _ = r.send(st.restart_child(&id).await);
            }
            SupMsg::DeleteChild(id, r) => {
                let _ = r.send(st.delete_child(&id));
            }
            SupMsg::GetChildSpec(id, r) => {
                let _ = r.send(st.get_childspec(&id));
            }
            SupMsg::Describe(r) => {
                let _ = r.send(st.describe());
            }
            SupMsg::TryAgain(seq) => st.try_again(seq).await,
            SupMsg::Resume { seq, token } => st.resume(seq, token).await,
        }
        st.stop_if_done();
        Ok(())
    }

    async fn handle_supervisor_evt(
        &self,
        _myself: ActorRef<SupMsg>,
        evt: SupervisionEvent,
        st: &mut SupState,
    ) -> Result<(), ActorProcessingErr> {
        if let Some((pid, reason)) = ExitReason::from_event(&evt) {
            st.on_exit(pid, reason).await;
            st.stop_if_done();
        }
        Ok(())
    }

    async fn post_stop(
        &self,
        _myself: ActorRef<SupMsg>,
        st: &mut SupState,
    ) -> Result<(), ActorProcessingErr> {
        st.exit.get_or_insert(ExitReason::Shutdown(None));
        st.terminate_all().await;
        Ok(())
    }
}

impl SupState {
    fn emit(&self, child: &str, kind: EventKind) {
        match &kind {
            EventKind::Started | EventKind::Terminated { .. } => {
                tracing::debug!(supervisor = %self.path, child, event = ?kind, "supervision")
            }
            _ => tracing::info!(supervisor = %self.path, child, event = ?kind, "supervision"),
        }
        if self.runtime.observed() {
            self.runtime.emit(Event::new(&self.path, child, kind));
        }
    }

    fn label(&self, seq: u64) -> String {
        self.children
            .get(seq)
            .map(|c| c.label())
            .unwrap_or_default()
    }

    fn stop_if_done(&mut self) {
        if let (Some(reason), false) = (&self.exit, self.stop_sent) {
            self.stop_sent = true;
            self.myself.stop(Some(reason.to_stop_reason()));
        }
    }

    // ---- starting -------------------------------------------------------

    /// Starts child `seq`: `Ok(true)` running, `Ok(false)` it chose `ignore`.
    async fn start(&mut self, seq: u64) -> Result<bool, ExitReason> {
        let Some(child) = self.children.get(seq) else {
            return Ok(false);
        };
        let spec = child.spec.clone();
        let req = StartRequest {
            supervisor: self.myself.get_cell(),
            runtime: self.runtime.clone(),
            path: format!("{}/{}", self.path, child.label()),
            name: match &child.id {
                ChildId::Static(id) => Some(id.clone()),
                ChildId::Dynamic(_) => None,
            },
            slot: child.slot.clone(),
            args: child.args.clone(),
            max_in_flight: spec.in_flight_bound(),
            liveness: spec.liveness,
        };
        let result = spec.starter.start(req).await;
        let Some(child) = self.children.get_mut(seq) else {
            return Ok(false);
        };
        match result {
            Ok(started) => {
                child.slot = Some(started.slot);
                child.status = ChildStatus::Running;
                child.started_at = Some(Instant::now());
                self.children.set_pid(seq, started.cell);
                Ok(true)
            }
            Err(StartError::Ignore) => {
                child.status = ChildStatus::Stopped;
                Ok(false)
            }
            Err(StartError::Failed(reason)) => Err(reason),
        }
    }

    /// A first start (init, `start_child`, `restart_child`): events, and an
    /// ignored temporary child is not kept.
    async fn start_initial(&mut self, seq: u64) -> Result<bool, ExitReason> {
        let label = self.label(seq);
        match self.start(seq).await {
            Ok(true) => {
                self.emit(&label, EventKind::Started);
                Ok(true)
            }
            Ok(false) => {
                if self
                    .children
                    .get(seq)
                    .is_some_and(|c| c.is_forgotten_on_stop())
                {
                    self.forget(seq);
                }
                Ok(false)
            }
            Err(reason) => {
                self.emit(
                    &label,
                    EventKind::StartFailed {
                        reason: reason.clone(),
                    },
                );
                Err(reason)
            }
        }
    }

    /// Removes a child's spec; a static name is released.
    fn forget(&mut self, seq: u64) {
        if let Some(child) = self.children.remove(seq) {
            if let ChildId::Static(id) = &child.id {
                self.runtime.registry().release(id);
            }
        }
    }

    // ---- exits and restarts ---------------------------------------------

    async fn on_exit(&mut self, pid: ractor::ActorId, reason: ExitReason) {
        if self.exit.is_some() {
            return;
        }
        // Unknown pids are children this supervisor already stopped itself.
        let Some(seq) = self.children.seq_of_pid(pid) else {
            return;
        };
        self.children.take_pid(seq);
        let Some(child) = self.children.get_mut(seq) else {
            return;
        };
        let label = child.label();
        let restart = child.spec.restart.should_restart(&reason);
        let significant = child.spec.significant;
        if reason.is_abnormal() {
            child.history().last_failure = Some((reason.clone(), SystemTime::now()));
            self.emit(
                &label,
                EventKind::Failed {
                    reason: reason.clone(),
                },
            );
        } else {
            self.emit(
                &label,
                EventKind::Terminated {
                    reason: reason.clone(),
                },
            );
        }
        let child = self.children.get_mut(seq).expect("child present");
        if !restart {
            child.mark_down(ChildStatus::Stopped, &reason);
            if child.is_forgotten_on_stop() {
                self.forget(seq);
            }
            if significant {
                self.check_auto_shutdown().await;
            }
            return;
        }
        child.mark_down(ChildStatus::Restarting, &reason);
        self.restart(seq).await;
    }

    /// Applies the strategy to a failed child: counts the restart, stops the
    /// siblings the strategy takes down, then starts the group (now, or after
    /// the child's backoff).
    async fn restart(&mut self, seq: u64) {
        let now = Instant::now();
        if self.intensity.add(now) {
            let restarts = self.intensity.in_window(now);
            let period_ms = self.intensity.period().as_millis() as u64;
            let label = self.label(seq);
            self.emit(
                &label,
                EventKind::IntensityExceeded {
                    restarts,
                    period_ms,
                },
            );
            self.give_up(
                ExitReason::Shutdown(Some("reached_max_restart_intensity".into())),
                EventKind::Escalated,
            )
            .await;
            return;
        }
        let delay = self.backoff_delay(seq, now);
        for s in self.group(seq).into_iter().rev().filter(|s| *s != seq) {
            self.stop_for_restart(s).await;
        }
        match delay {
            Some(delay) if !delay.is_zero() => self.schedule(seq, delay),
            _ => self.start_group(seq).await,
        }
    }

    /// The children `seq`'s failure takes down, in start order.
    fn group(&self, seq: u64) -> Vec<u64> {
        match self.strategy {
            Strategy::OneForOne | Strategy::SimpleOneForOne => vec![seq],
            Strategy::OneForAll => self.children.seqs(),
            Strategy::RestForOne => self.children.seqs_from(seq),
        }
    }

    fn backoff_delay(&mut self, seq: u64, now: Instant) -> Option<Duration> {
        let seed = mix(self.runtime.seed(), &self.path);
        let child = self.children.get_mut(seq)?;
        let backoff = child.spec.backoff.clone()?;
        let stable = child
            .started_at
            .is_some_and(|t| now.duration_since(t) >= backoff.reset_after);
        let label = child.label();
        let history = child.history();
        if stable {
            history.attempt = 0;
        }
        let delay = backoff.delay(history.attempt, mix(seed, &label));
        history.attempt = history.attempt.saturating_add(1);
        Some(delay)
    }

    /// Stops child `seq` by its shutdown spec, if it runs, and reports it.
    async fn stop_running(&mut self, seq: u64) {
        let Some(cell) = self.children.take_pid(seq) else {
            return;
        };
        if let Some(child) = self.children.get(seq) {
            stop_child(&cell, child.spec.shutdown_spec()).await;
        }
        let label = self.label(seq);
        let reason = ExitReason::Shutdown(None);
        self.emit(&label, EventKind::Terminated { reason });
    }

    /// Stops a sibling so it can restart with the failed child. Temporary
    /// siblings are not restarted (OTP removes them).
    async fn stop_for_restart(&mut self, seq: u64) {
        self.stop_running(seq).await;
        let Some(child) = self.children.get_mut(seq) else {
            return;
        };
        if child.spec.restart == Restart::Temporary {
            child.mark_down(ChildStatus::Stopped, &ExitReason::Shutdown(None));
            self.forget(seq);
        } else {
            child.mark_down(ChildStatus::Restarting, &ExitReason::Shutdown(None));
        }
    }

    /// Starts, in order, the children of `seq`'s group that wait for a restart.
    /// A failed start is tried again through the mailbox, counting toward intensity.
    async fn start_group(&mut self, seq: u64) {
        let waiting: Vec<u64> = self
            .group(seq)
            .into_iter()
            .filter(|s| {
                self.children
                    .get(*s)
                    .is_some_and(|c| c.status == ChildStatus::Restarting)
            })
            .collect();
        for s in waiting {
            let label = self.label(s);
            match self.start(s).await {
                Ok(true) => {
                    let now = Instant::now();
                    let child = self.children.get_mut(s).expect("child present");
                    child.restarts += 1;
                    child.history().recent.push_back(now);
                    let restarts = child.restarts;
                    if let Some(slot) = &child.slot {
                        slot.stats().record_restart();
                    }
                    self.emit(&label, EventKind::Restarted { restarts });
                }
                Ok(false) => {
                    if self
                        .children
                        .get(s)
                        .is_some_and(|c| c.is_forgotten_on_stop())
                    {
                        self.forget(s);
                    }
                }
                Err(reason) => {
                    self.emit(
                        &label,
                        EventKind::StartFailed {
                            reason: reason.clone(),
                        },
                    );
                    if let Some(child) = self.children.get_mut(s) {
                        child.history().last_failure = Some((reason.clone(), SystemTime::now()));
                        child.mark_down(ChildStatus::Restarting, &reason);
                    }
                    let _ = self.myself.send_message(SupMsg::TryAgain(s));
                    return;
                }
            }
        }
    }

    async fn try_again(&mut self, seq: u64) {
        let waiting = self.children.get(seq).is_some_and(|c| {
            c.status == ChildStatus::Restarting && c.pid.is_none() && c.token() == 0
        });
        if waiting && self.exit.is_none() {
            self.restart(seq).await;
        }
    }

    fn schedule(&mut self, seq: u64, delay: Duration) {
        self.next_token += 1;
        let token = self.next_token;
        let Some(child) = self.children.get_mut(seq) else {
            return;
        };
        child.history().token = token;
        let label = child.label();
        self.emit(
            &label,
            EventKind::RestartScheduled {
                delay_ms: delay.as_millis() as u64,
            },
        );
        let me = self.myself.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let _ = me.send_message(SupMsg::Resume { seq, token });
        });
    }

    async fn resume(&mut self, seq: u64, token: u64) {
        let due = self
            .children
            .get_mut(seq)
            .filter(|c| c.token() == token && token != 0);
        if let Some(child) = due {
            child.history().token = 0;
            if child.status == ChildStatus::Restarting && self.exit.is_none() {
                self.start_group(seq).await;
            }
        }
    }

    // ---- giving up --------------------------------------------------------

    async fn check_auto_shutdown(&mut self) {
        let shut = match self.auto_shutdown {
            AutoShutdown::Never => false,
            AutoShutdown::AnySignificant => true,
            AutoShutdown::AllSignificant => !self
                .children
                .iter()
                .any(|c| c.spec.significant && c.status != ChildStatus::Stopped),
        };
        if shut {
            self.give_up(
                ExitReason::Shutdown(Some("auto_shutdown".into())),
                EventKind::AutoShutdown,
            )
            .await;
        }
    }

    /// Stops every child and marks the supervisor for stopping with `reason`.
    async fn give_up(&mut self, reason: ExitReason, event: EventKind) {
        let me = self
            .path
            .rsplit('/')
            .next()
            .unwrap_or(&self.path)
            .to_string();
        self.emit(&me, event);
        self.exit = Some(reason);
        self.terminate_all().await;
    }

    /// Stops all children: in reverse start order, each by its shutdown spec;
    /// dynamic children all at once, as OTP does.
    async fn terminate_all(&mut self) {
        let shutdown = ExitReason::Shutdown(None);
        if let Some(template) = &self.template {
            let how = template.shutdown_spec();
            let mut children = std::mem::take(&mut self.children);
            let cells: Vec<_> = children.iter_mut().filter_map(|c| c.pid.take()).collect();
            stop_together(&cells, how).await;
            for c in children.iter_mut() {
                c.mark_down(ChildStatus::Stopped, &shutdown);
            }
            return;
        }
        for s in self.children.seqs().into_iter().rev() {
            self.stop_running(s).await;
            if let Some(c) = self.children.get_mut(s) {
                if let Some(h) = c.history.as_mut() {
                    h.token = 0;
                }
                c.mark_down(ChildStatus::Stopped, &shutdown);
            }
        }
    }

    // ---- the API ----------------------------------------------------------

    fn which_children(&self) -> Vec<ChildInfo> {
        self.children
            .iter()
            .map(|c| ChildInfo {
                id: c.id.clone(),
                kind: c.spec.kind(),
                status: c.status,
                restart: c.spec.restart,
            })
            .collect()
    }

    fn count_children(&self) -> ChildCounts {
        let mut counts = ChildCounts {
            specs: self.children.len(),
            ..ChildCounts::default()
        };
        for c in self.children.iter() {
            counts.active += usize::from(c.status == ChildStatus::Running);
            match c.spec.kind() {
                ChildKind::Supervisor => counts.supervisors += 1,
                ChildKind::Worker => counts.workers += 1,
            }
        }
        counts
    }

    fn describe(&mut self) -> Vec<ChildView> {
        let now = Instant::now();
        let period = self.intensity.period();
        let path = self.path.clone();
        self.children
            .iter_mut()
            .map(|c| ChildView {
                path: format!("{path}/{}", c.label()),
                kind: c.spec.kind(),
                status: c.status,
                restart: c.spec.restart,
                restarts: c.restarts,
                restarts_in_window: c.restarts_within(period, now),
                last_failure: c.last_failure(),
                slot: c.slot.clone(),
            })
            .collect()
    }

    fn child_ref(&self, seq: u64) -> ChildRef {
        let child = self.children.get(seq);
        ChildRef {
            id: child.map_or(ChildId::Dynamic(seq), |c| c.id.clone()),
            slot: child.and_then(|c| c.slot.clone()),
        }
    }

    async fn start_child(&mut self, arg: StartArg) -> Result<ChildRef, SupervisorError> {
        if self.exit.is_some() {
            return Err(SupervisorError::Unavailable(Error::shutdown(format!(
                "supervisor '{}' is shutting down",
                self.path
            ))));
        }
        let seq = match (&self.template, arg) {
            (Some(template), StartArg::Args(args)) => {
                self.children.push(None, template.clone(), Some(args))
            }
            (None, StartArg::Spec(spec)) => {
                crate::spec::check_childspecs(std::slice::from_ref(&spec))
                    .map_err(SupervisorError::InvalidSpec)?;
                if let Some(seq) = self.children.seq_of(&ChildId::Static(spec.id.clone())) {
                    let running = self
                        .children
                        .get(seq)
                        .is_some_and(|c| c.status == ChildStatus::Running);
                    return Err(if running {
                        SupervisorError::AlreadyStarted(spec.id.clone())
                    } else {
                        SupervisorError::AlreadyPresent(spec.id.clone())
                    });
                }
                self.children
                    .push(Some(spec.id.clone()), Arc::new(spec), None)
            }
            (Some(_), StartArg::Spec(_)) => {
                return Err(SupervisorError::NotSupported(
                    "simple_one_for_one children are started from args, not from a spec".into(),
                ))
            }
            (None, StartArg::Args(_)) => {
                return Err(SupervisorError::NotSupported(
                    "start args apply only to simple_one_for_one supervisors".into(),
                ))
            }
        };
        let id = self.label(seq);
        match self.start_initial(seq).await {
            Ok(_) => Ok(self.child_ref(seq)),
            Err(reason) => {
                self.forget(seq);
                Err(SupervisorError::StartFailed { id, reason })
            }
        }
    }

    async fn terminate_child(&mut self, id: &ChildId) -> Result<(), SupervisorError> {
        let seq = self
            .children
            .seq_of(id)
            .ok_or_else(|| SupervisorError::NotFound(id.to_string()))?;
        self.stop_running(seq).await;
        let child = self.children.get_mut(seq).expect("child present");
        if let Some(h) = child.history.as_mut() {
            h.token = 0; // cancels a pending backoff restart
        }
        child.mark_down(ChildStatus::Stopped, &ExitReason::Shutdown(None));
        if child.is_forgotten_on_stop() {
            self.forget(seq);
        }
        Ok(())
    }

    fn static_seq(&self, id: &str, op: &str) -> Result<u64, SupervisorError> {
        if self.template.is_some() {
            return Err(SupervisorError::NotSupported(format!(
                "{op} does not apply to simple_one_for_one"
            )));
        }
        let seq = self
            .children
            .seq_of(&ChildId::Static(id.to_string()))
            .ok_or_else(|| SupervisorError::NotFound(id.to_string()))?;
        match self.children.get(seq).map(|c| c.status) {
            Some(ChildStatus::Running) => Err(SupervisorError::Running(id.to_string())),
            Some(ChildStatus::Restarting) => Err(SupervisorError::Restarting(id.to_string())),
            _ => Ok(seq),
        }
    }

    async fn restart_child(&mut self, id: &str) -> Result<ChildRef, SupervisorError> {
        let seq = self.static_seq(id, "restart_child")?;
        match self.start_initial(seq).await {
            Ok(_) => Ok(self.child_ref(seq)),
            Err(reason) => Err(SupervisorError::StartFailed {
                id: id.to_string(),
                reason,
            }),
        }
    }

    fn delete_child(&mut self, id: &str) -> Result<(), SupervisorError> {
        let seq = self.static_seq(id, "delete_child")?;
        self.forget(seq);
        Ok(())
    }

    fn get_childspec(&self, id: &ChildId) -> Result<ChildSpec, SupervisorError> {
        let seq = self
            .children
            .seq_of(id)
            .ok_or_else(|| SupervisorError::NotFound(id.to_string()))?;
        Ok((*self.children.get(seq).expect("child present").spec).clone())
    }
}
