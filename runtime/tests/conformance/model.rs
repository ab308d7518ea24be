//! Property test: random sequences of child failures, clean exits, starts and
//! terminations, run against the real supervisor and against a small model of
//! OTP's rules. Live children, start counts, restart counts and escalation must
//! agree after every step.

use std::time::Duration;

use hms_runtime::{
    ChildStatus, ExitReason, Fault, Restart, Runtime, Strategy, SupervisorError, SupervisorSpec,
};
use proptest::prelude::*;
use proptest::strategy::Strategy as _;

use crate::support::*;

#[derive(Clone, Copy, Debug)]
enum Op {
    Panic(usize),
    ErrorExit(usize),
    Kill(usize),
    NormalExit(usize),
    ShutdownExit(usize),
    Terminate(usize),
    RestartChild(usize),
    Delete(usize),
    StartNew(Restart),
}

#[derive(Clone, Debug)]
struct MChild {
    id: String,
    restart: Restart,
    running: bool,
    starts: u32,
    restarts: u64,
}

/// OTP's rules, written out plainly.
#[derive(Debug)]
struct Model {
    strategy: Strategy,
    intensity: u32,
    restarts: u32,
    children: Vec<MChild>,
    escalated: bool,
}

impl Model {
    fn exit(&mut self, i: usize, abnormal: bool) {
        let restart = self.children[i].restart;
        let again = match restart {
            Restart::Permanent => true,
            Restart::Transient => abnormal,
            Restart::Temporary => false,
        };
        self.children[i].running = false;
        if !again {
            if restart == Restart::Temporary {
                self.children.remove(i);
            }
            return;
        }
        self.restarts += 1;
        if self.restarts > self.intensity {
            self.escalated = true;
            return;
        }
        let failed = self.children[i].id.clone();
        let group: Vec<usize> = match self.strategy {
            Strategy::OneForAll => (0..self.children.len()).collect(),
            Strategy::RestForOne => (i..self.children.len()).collect(),
            _ => vec![i],
        };
        // Temporary siblings in the group are stopped and dropped.
        let mut keep = Vec::new();
        for (j, c) in self.children.iter().enumerate() {
            let dropped = group.contains(&j) && c.id != failed && c.restart == Restart::Temporary;
            keep.push(!dropped);
        }
        let mut idx = 0;
        self.children.retain(|_| {
            idx += 1;
            keep[idx - 1]
        });
        let start = match self.strategy {
            Strategy::OneForAll => 0,
            _ => self.children.iter().position(|c| c.id == failed).unwrap(),
        };
        let end = match self.strategy {
            Strategy::OneForOne => start + 1,
            _ => self.children.len(),
        };
        for c in &mut self.children[start..end] {
            c.running = true;
            c.starts += 1;
            c.restarts += 1;
        }
    }
}

fn op() -> impl proptest::strategy::Strategy<Value = Op> {
    let restart = prop_oneof![
        Just(Restart::Permanent),
        Just(Restart::Transient),
        Just(Restart::Temporary)
    ];
    prop_oneof![
        3 => (0..6usize).prop_map(Op::Panic),
        1 => (0..6usize).prop_map(Op::ErrorExit),
        1 => (0..6usize).prop_map(Op::Kill),
        2 => (0..6usize).prop_map(Op::NormalExit),
        1 => (0..6usize).prop_map(Op::ShutdownExit),
        1 => (0..6usize).prop_map(Op::Terminate),
        1 => (0..6usize).prop_map(Op::RestartChild),
        1 => (0..6usize).prop_map(Op::Delete),
        1 => restart.prop_map(Op::StartNew),
    ]
}

fn restart_type() -> impl proptest::strategy::Strategy<Value = Restart> {
    prop_oneof![
        Just(Restart::Permanent),
        Just(Restart::Transient),
        Just(Restart::Temporary)
    ]
}

fn strategy() -> impl proptest::strategy::Strategy<Value = Strategy> {
    prop_oneof![
        Just(Strategy::OneForOne),
        Just(Strategy::OneForAll),
        Just(Strategy::RestForOne)
    ]
}

async fn kill(rt: &Runtime, id: &str) {
    let cell = handle(rt, id).current_cell().expect("running");
    rt.inject_fault(id, Fault::Kill).unwrap();
    cell.wait(Some(T)).await.unwrap();
}

/// Applies `op` to both; `Err` describes a disagreement.
async fn step(
    rt: &Runtime,
    lab: &Lab,
    m: &mut Model,
    op: Op,
    fresh: &mut u32,
) -> Result<(), String> {
    let root = rt.root();
    let pick = |i: usize| (!m.children.is_empty()).then(|| i % m.children.len());
    match op {
        Op::Panic(i) | Op::ErrorExit(i) | Op::Kill(i) | Op::NormalExit(i) | Op::ShutdownExit(i) => {
            let Some(i) = pick(i).filter(|i| m.children[*i].running) else {
                return Ok(());
            };
            let id = m.children[i].id.clone();
            let abnormal = match op {
                Op::Panic(_) => {
                    crash(rt, &id).await;
                    true
                }
                Op::ErrorExit(_) => {
                    exit(rt, &id, Msg::Exit(ExitReason::Error("bad".into()))).await;
                    true
                }
                Op::Kill(_) => {
                    kill(rt, &id).await;
                    true
                }
                Op::NormalExit(_) => {
                    exit(rt, &id, Msg::Exit(ExitReason::Normal)).await;
                    false
                }
                _ => {
                    exit(rt, &id, Msg::Exit(ExitReason::Shutdown(None))).await;
                    false
                }
            };
            m.exit(i, abnormal);
        }
        Op::Terminate(i) => {
            let Some(i) = pick(i) else { return Ok(()) };
            root.terminate_child(m.children[i].id.as_str())
                .await
                .map_err(|e| e.to_string())?;
            m.children[i].running = false;
            if m.children[i].restart == Restart::Temporary {
                m.children.remove(i);
            }
        }
        Op::RestartChild(i) => {
            let Some(i) = pick(i) else { return Ok(()) };
            let id = m.children[i].id.clone();
            let got = root.restart_child(&id).await;
            if m.children[i].running {
                if !matches!(&got, Err(SupervisorError::Running(x)) if *x == id) {
                    return Err(format!(
                        "restart_child({id}) of a running child gave {got:?}"
                    ));
                }
            } else {
                got.map_err(|e| e.to_string())?;
                m.children[i].running = true;
                m.children[i].starts += 1;
            }
        }
        Op::Delete(i) => {
            let Some(i) = pick(i) else { return Ok(()) };
            let id = m.children[i].id.clone();
            let got = root.delete_child(&id).await;
            if m.children[i].running {
                if got != Err(SupervisorError::Running(id.clone())) {
                    return Err(format!(
                        "delete_child({id}) of a running child gave {got:?}"
                    ));
                }
            } else {
                got.map_err(|e| e.to_string())?;
                m.children.remove(i);
            }
        }
        Op::StartNew(restart) => {
            *fresh += 1;
            let id = format!("n{fresh}");
            root.start_child(lab.worker(&id).restart(restart))
                .await
                .map_err(|e| e.to_string())?;
            m.children.push(MChild {
                id,
                restart,
                running: true,
                starts: 1,
                restarts: 0,
            });
        }
    }
    Ok(())
}

async fn agree(rt: &Runtime, lab: &Lab, m: &Model) -> Result<(), String> {
    if m.escalated {
        let reason = tokio::time::timeout(T, rt.wait())
            .await
            .map_err(|_| "the model escalated, the supervisor did not".to_string())?;
        if reason != ExitReason::Shutdown(Some("reached_max_restart_intensity".into())) {
            return Err(format!("escalated with {reason}"));
        }
        return Ok(());
    }
    let live = rt
        .root()
        .which_children()
        .await
        .map_err(|e| format!("the supervisor escalated, the model did not: {e}"))?;
    let got: Vec<(String, bool)> = live
        .iter()
        .map(|c| (c.id.to_string(), c.status == ChildStatus::Running))
        .collect();
    let want: Vec<(String, bool)> = m
        .children
        .iter()
        .map(|c| (c.id.clone(), c.running))
        .collect();
    if got != want {
        return Err(format!("children: got {got:?}, model {want:?}"));
    }
    for c in &m.children {
        let starts = lab.probe(&c.id).starts();
        if starts != c.starts {
            return Err(format!("{}: {starts} starts, model {}", c.id, c.starts));
        }
        let restarts = handle(rt, &c.id).stats().restarts;
        if restarts != c.restarts {
            return Err(format!(
                "{}: {restarts} restarts, model {}",
                c.id, c.restarts
            ));
        }
    }
    Ok(())
}

async fn run(
    strategy: Strategy,
    intensity: u32,
    types: Vec<Restart>,
    ops: Vec<Op>,
) -> Result<(), String> {
    let lab = Lab::new();
    let ids: Vec<String> = (0..types.len()).map(|i| format!("c{i}")).collect();
    let spec = ids.iter().zip(&types).fold(
        SupervisorSpec::new(strategy).intensity(intensity, Duration::from_secs(3600)),
        |s, (id, r)| s.child(lab.worker(id).restart(*r)),
    );
    let rt = Runtime::start("root", spec)
        .await
        .map_err(|e| e.to_string())?;
    let mut m = Model {
        strategy,
        intensity,
        restarts: 0,
        children: ids
            .iter()
            .zip(&types)
            .map(|(id, r)| MChild {
                id: id.clone(),
                restart: *r,
                running: true,
                starts: 1,
                restarts: 0,
            })
            .collect(),
        escalated: false,
    };
    let mut fresh = 0;
    for (n, op) in ops.into_iter().enumerate() {
        step(&rt, &lab, &mut m, op, &mut fresh)
            .await
            .map_err(|e| format!("step {n} {op:?}: {e}"))?;
        agree(&rt, &lab, &m)
            .await
            .map_err(|e| format!("after step {n} {op:?}: {e}"))?;
        if m.escalated {
            return Ok(());
        }
    }
    rt.shutdown().await;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn supervisor_matches_the_otp_model(
        strategy in strategy(),
        intensity in 0u32..5,
        types in prop::collection::vec(restart_type(), 1..5),
        ops in prop::collection::vec(op(), 1..24),
    ) {
        let tokio = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let outcome = tokio.block_on(run(strategy, intensity, types, ops));
        prop_assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
    }
}
