//! A scriptable worker and a lab that records what every worker did, in order.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hms_runtime::{
    ChildSpec, Context, Error, Event, EventKind, EventStream, ExitReason, Handle, Init, Runtime,
    Worker,
};

pub const T: Duration = Duration::from_secs(5);

/// What a test worker does on the next `init`.
#[derive(Clone, Debug)]
#[allow(dead_code)]
pub enum OnInit {
    Ok,
    Fail,
    Panic,
    Ignore,
    Sleep(Duration),
}

#[derive(Clone, Debug)]
#[allow(dead_code)]
pub enum Msg {
    /// Replies with the incarnation number (1 for the first start).
    Ping,
    Panic,
    /// Exits with this reason after replying.
    Exit(ExitReason),
    /// Replies with a validation error; the actor keeps running.
    Refuse,
    Sleep(Duration),
    /// Like `Ping`, but idempotent: retried across a crash.
    Get,
}

/// Shared record of one worker id across its incarnations.
#[derive(Default)]
pub struct Probe {
    pub starts: AtomicU32,
    pub init_script: Mutex<VecDeque<OnInit>>,
    /// How long `terminate` takes.
    pub terminate_sleep: Mutex<Option<Duration>>,
    pub terminate_panics: Mutex<bool>,
    /// Crash in the handler of `Get` the next N times.
    pub crash_gets: AtomicU32,
}

impl Probe {
    pub fn script(&self, steps: impl IntoIterator<Item = OnInit>) {
        self.init_script.lock().unwrap().extend(steps);
    }

    pub fn starts(&self) -> u32 {
        self.starts.load(Ordering::SeqCst)
    }
}

pub struct TestWorker {
    id: String,
    probe: Arc<Probe>,
    log: Arc<Mutex<Vec<String>>>,
    incarnation: u32,
}

impl Worker for TestWorker {
    type Msg = Msg;
    type Reply = u32;

    async fn init(&mut self, _ctx: &mut Context<Self>) -> Result<Init, Error> {
        self.incarnation = self.probe.starts.fetch_add(1, Ordering::SeqCst) + 1;
        let step = self.probe.init_script.lock().unwrap().pop_front();
        match step.unwrap_or(OnInit::Ok) {
            OnInit::Ok => {}
            OnInit::Fail => return Err(Error::internal(format!("{} refuses to start", self.id))),
            OnInit::Panic => panic!("{} panics in init", self.id),
            OnInit::Ignore => return Ok(Init::Ignore),
            OnInit::Sleep(d) => tokio::time::sleep(d).await,
        }
        self.log.lock().unwrap().push(format!("start:{}", self.id));
        Ok(Init::Ready)
    }

    async fn handle(&mut self, msg: Msg, ctx: &mut Context<Self>) -> Result<u32, Error> {
        match msg {
            Msg::Ping => Ok(self.incarnation),
            Msg::Panic => panic!("{} was told to panic", self.id),
            Msg::Exit(reason) => {
                ctx.stop(reason);
                Ok(self.incarnation)
            }
            Msg::Refuse => Err(Error::validation("$.msg", "refused")),
            Msg::Sleep(d) => {
                tokio::time::sleep(d).await;
                Ok(self.incarnation)
            }
            Msg::Get => {
                let left = self.probe.crash_gets.load(Ordering::SeqCst);
                if left > 0 {
                    self.probe.crash_gets.store(left - 1, Ordering::SeqCst);
                    panic!("{} crashes mid-get", self.id);
                }
                Ok(self.incarnation)
            }
        }
    }

    async fn terminate(&mut self, reason: &ExitReason, _ctx: &mut Context<Self>) {
        let sleep = *self.probe.terminate_sleep.lock().unwrap();
        if let Some(d) = sleep {
            tokio::time::sleep(d).await;
        }
        if *self.probe.terminate_panics.lock().unwrap() {
            panic!("{} panics in terminate", self.id);
        }
        self.log
            .lock()
            .unwrap()
            .push(format!("stop:{}:{}", self.id, reason));
    }

    fn is_idempotent(msg: &Msg) -> bool {
        matches!(msg, Msg::Get)
    }
}

/// Builds worker specs that share one log and one probe per id.
#[derive(Default)]
pub struct Lab {
    pub log: Arc<Mutex<Vec<String>>>,
    probes: Arc<Mutex<HashMap<String, Arc<Probe>>>>,
}

impl Lab {
    pub fn new() -> Arc<Lab> {
        Arc::new(Lab::default())
    }

    pub fn probe(&self, id: &str) -> Arc<Probe> {
        self.probes
            .lock()
            .unwrap()
            .entry(id.to_string())
            .or_default()
            .clone()
    }

    pub fn worker(&self, id: &str) -> ChildSpec {
        let probe = self.probe(id);
        let log = self.log.clone();
        let name = id.to_string();
        ChildSpec::worker(id, move || TestWorker {
            id: name.clone(),
            probe: probe.clone(),
            log: log.clone(),
            incarnation: 0,
        })
    }

    /// A `simple_one_for_one` template; each child is named by its args.
    pub fn template(&self, id: &str) -> ChildSpec {
        let log = self.log.clone();
        let probes = self.probes.clone();
        ChildSpec::worker_with(id, move |name: &String| {
            let probe = probes
                .lock()
                .unwrap()
                .entry(name.clone())
                .or_default()
                .clone();
            TestWorker {
                id: name.clone(),
                probe,
                log: log.clone(),
                incarnation: 0,
            }
        })
    }

    /// The log, and clears it.
    pub fn take_log(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

pub fn handle(rt: &Runtime, name: &str) -> Handle<TestWorker> {
    rt.handle::<TestWorker>(name).expect("worker registered")
}

/// Calls `Ping` and returns the incarnation that answered.
pub async fn ping(rt: &Runtime, name: &str) -> Result<u32, Error> {
    handle(rt, name).call(Msg::Ping, T).await
}

/// Crashes the current incarnation of `name` and waits until it is dead, so
/// that the supervisor's next answer reflects the exit (supervision events
/// are processed before messages).
pub async fn crash(rt: &Runtime, name: &str) {
    exit(rt, name, Msg::Panic).await
}

/// Sends `msg` (which ends the incarnation) and waits until it is dead.
pub async fn exit(rt: &Runtime, name: &str, msg: Msg) {
    let h = handle(rt, name);
    let cell = h.current_cell().expect("running");
    let _ = h.call(msg, T).await;
    cell.wait(Some(T)).await.expect("the incarnation died");
}

/// Waits for the first event that matches, skipping others.
pub async fn wait_event(events: &mut EventStream, what: impl Fn(&Event) -> bool) -> Event {
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let e = events.recv().await.expect("event stream open");
            if what(&e) {
                return e;
            }
        }
    })
    .await
    .expect("expected event within 30 s")
}

pub fn is(kind: &'static str, child: &'static str) -> impl Fn(&Event) -> bool {
    move |e: &Event| {
        e.child == child
            && matches!(
                (&e.kind, kind),
                (EventKind::Started, "started")
                    | (EventKind::Restarted { .. }, "restarted")
                    | (EventKind::Failed { .. }, "failed")
                    | (EventKind::Terminated { .. }, "terminated")
                    | (EventKind::StartFailed { .. }, "start_failed")
                    | (EventKind::IntensityExceeded { .. }, "intensity_exceeded")
                    | (EventKind::Escalated, "escalated")
                    | (EventKind::AutoShutdown, "auto_shutdown")
                    | (EventKind::RestartScheduled { .. }, "restart_scheduled")
            )
    }
}

/// The running children of a supervisor, by id, in start order.
pub async fn running(rt: &Runtime, sup: &str) -> Vec<String> {
    rt.supervisor(sup)
        .unwrap()
        .which_children()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.status == hms_runtime::ChildStatus::Running)
        .map(|c| c.id.to_string())
        .collect()
}
