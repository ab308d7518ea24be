//! Supervisor coordination: one actor that carries out commands on the tree
//! (restart, stop, start, inject or clear a fault, route a message, list
//! children) and reports its health.

use std::time::Duration;

use hms_runtime::{Context, Error, Fault, Runtime, Worker};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::journal::{JournalFact, Journaled, Pending};
use super::router;
use crate::error::{decode, dispatch, type_names, Decoder};
use crate::InputError;

#[derive(Clone, Debug)]
pub enum CoordinatorRequest {
    CoordinateComponents {
        command: Command,
    },
    MonitorHealth,
    /// Answers `{"pong": true}` at once: a liveness probe, and the floor of a call's cost.
    Ping,
}

/// A command with its payload (`{"command": "restart", "payload": {"name": "prover"}}`).
#[derive(Clone, Debug)]
pub enum Command {
    Restart {
        name: String,
    },
    Stop {
        name: String,
    },
    Start {
        name: String,
    },
    InjectFault {
        name: String,
        fault: Fault,
    },
    ClearFaults {
        name: String,
    },
    Route {
        to: String,
        message: Value,
        timeout_ms: u64,
    },
    ListChildren {
        supervisor: Option<String>,
    },
}

#[derive(Deserialize)]
struct Body {
    command: String,
    #[serde(default)]
    payload: Value,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

#[derive(Deserialize)]
struct FaultBody {
    name: String,
    fault: Fault,
}

#[derive(Deserialize)]
struct RouteBody {
    to: String,
    message: Value,
    #[serde(default = "default_route_timeout")]
    timeout_ms: u64,
}

fn default_route_timeout() -> u64 {
    5000
}

#[derive(Deserialize)]
struct ListBody {
    #[serde(default)]
    supervisor: Option<String>,
}

impl Command {
    pub const NAMES: &'static [&'static str] = &[
        "restart",
        "stop",
        "start",
        "inject_fault",
        "clear_faults",
        "route",
        "list_children",
    ];

    pub fn parse(command: &str, payload: Value) -> Result<Self, InputError> {
        let payload = if payload.is_null() {
            json!({})
        } else {
            payload
        };
        let at = |e: InputError| e.at("payload");
        // Stopping itself mid-command would leave the command without an answer.
        let target = payload.get("name").and_then(Value::as_str);
        if matches!(command, "restart" | "stop" | "start") && target == Some(Coordinator::NAME) {
            return Err(InputError::new(
                "payload.name",
                "the coordinator does not restart, stop or start itself",
            ));
        }
        Ok(match command {
            "restart" => Command::Restart {
                name: decode::<Named>(payload).map_err(at)?.name,
            },
            "stop" => Command::Stop {
                name: decode::<Named>(payload).map_err(at)?.name,
            },
            "start" => Command::Start {
                name: decode::<Named>(payload).map_err(at)?.name,
            },
            "inject_fault" => {
                let b: FaultBody = decode(payload).map_err(at)?;
                Command::InjectFault {
                    name: b.name,
                    fault: b.fault,
                }
            }
            "clear_faults" => Command::ClearFaults {
                name: decode::<Named>(payload).map_err(at)?.name,
            },
            "route" => {
                let b: RouteBody = decode(payload).map_err(at)?;
                if b.to == Coordinator::NAME {
                    return Err(InputError::new(
                        "payload.to",
                        "the coordinator does not route to itself",
                    ));
                }
                Command::Route {
                    to: b.to,
                    message: b.message,
                    timeout_ms: b.timeout_ms,
                }
            }
            "list_children" => Command::ListChildren {
                supervisor: decode::<ListBody>(payload).map_err(at)?.supervisor,
            },
            other => {
                return Err(InputError::new(
                    "command",
                    format!(
                        "unknown command {other:?}; expected one of: {}",
                        Self::NAMES.join(", ")
                    ),
                ))
            }
        })
    }
}

const COORDINATOR_DECODERS: [(&str, Decoder<CoordinatorRequest>); 3] = [
    ("coordinate_components", |body| {
        let b: Body = decode(body)?;
        Ok(CoordinatorRequest::CoordinateComponents {
            command: Command::parse(&b.command, b.payload)?,
        })
    }),
    ("monitor_health", |_| Ok(CoordinatorRequest::MonitorHealth)),
    ("ping", |_| Ok(CoordinatorRequest::Ping)),
];

impl CoordinatorRequest {
    pub const TYPES: &'static [&'static str] = &type_names(&COORDINATOR_DECODERS);

    pub fn from_json(value: Value) -> Result<Self, InputError> {
        dispatch(value, &COORDINATOR_DECODERS)
    }
}

#[derive(Default)]
pub struct Coordinator;

impl Coordinator {
    pub const NAME: &'static str = "coordinator";
}

/// How long a restarted component has to show up as running.
const CONFIRM: Duration = Duration::from_secs(5);

/// The coordinator's answer: the JSON it replies with, and the facts its
/// command produced (a fault, a coordination, or those of a routed call).
#[derive(Clone, Debug)]
pub struct CoordinatorReply {
    pub value: Value,
    pub facts: Vec<JournalFact>,
}

impl From<Value> for CoordinatorReply {
    fn from(value: Value) -> Self {
        Self {
            value,
            facts: Vec::new(),
        }
    }
}

/// Only the JSON goes on the wire; the facts go to the journal.
impl Serialize for CoordinatorReply {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl Journaled for Coordinator {
    fn journal(msg: &CoordinatorRequest) -> Option<Pending<CoordinatorReply>> {
        matches!(msg, CoordinatorRequest::CoordinateComponents { .. })
            .then(|| Box::new(|reply: &CoordinatorReply| reply.facts.clone()) as Pending<_>)
    }
}

/// What a tree-changing command leaves in the journal.
fn facts_of(command: &str, name: &str, value: &Value) -> Vec<JournalFact> {
    match command {
        "inject_fault" => vec![JournalFact::new(
            "fault",
            name,
            json!({"fault": value.get("fault"), "via": "coordinate"}),
        )],
        "clear_faults" => vec![JournalFact::new(
            "fault_cleared",
            name,
            json!({"via": "coordinate"}),
        )],
        "restart" | "stop" | "start" => vec![JournalFact::new(
            "coordination",
            name,
            json!({"command": command, "reply": value}),
        )],
        _ => Vec::new(),
    }
}

impl Worker for Coordinator {
    type Msg = CoordinatorRequest;
    type Reply = CoordinatorReply;

    async fn handle(
        &mut self,
        msg: CoordinatorRequest,
        ctx: &mut Context<Self>,
    ) -> Result<CoordinatorReply, Error> {
        let rt = ctx.runtime().clone();
        let command = match msg {
            CoordinatorRequest::Ping => return Ok(json!({"pong": true}).into()),
            CoordinatorRequest::MonitorHealth => {
                return serde_json::to_value(rt.health().await)
                    .map(Into::into)
                    .map_err(|e| Error::internal(e.to_string()))
            }
            CoordinatorRequest::CoordinateComponents { command } => command,
        };
        if let Command::Route {
            to,
            message,
            timeout_ms,
        } = command
        {
            let (reply, facts) =
                router::call_json_journaled(&rt, &to, message, Duration::from_millis(timeout_ms))
                    .await?;
            return Ok(CoordinatorReply {
                value: json!({"command": "route", "to": to, "reply": reply}),
                facts,
            });
        }
        let value = Self::run(&rt, command).await?;
        let (cmd, name) = (
            value.get("command").and_then(Value::as_str).unwrap_or(""),
            value.get("name").and_then(Value::as_str).unwrap_or(""),
        );
        let facts = facts_of(cmd, name, &value);
        Ok(CoordinatorReply { value, facts })
    }
}

impl Coordinator {
    /// Runs a command other than `route`; its JSON answer.
    async fn run(rt: &Runtime, command: Command) -> Result<Value, Error> {
        match command {
            Command::Restart { name } => {
                let sup = rt.parent_of(&name).await?;
                sup.terminate_child(name.as_str()).await?;
                sup.restart_child(&name).await?;
                Ok(
                    json!({"command": "restart", "name": name, "running": rt.wait_running(&name, CONFIRM).await}),
                )
            }
            Command::Stop { name } => {
                rt.parent_of(&name)
                    .await?
                    .terminate_child(name.as_str())
                    .await?;
                Ok(json!({"command": "stop", "name": name, "running": false}))
            }
            Command::Start { name } => {
                rt.parent_of(&name).await?.restart_child(&name).await?;
                Ok(
                    json!({"command": "start", "name": name, "running": rt.wait_running(&name, CONFIRM).await}),
                )
            }
            Command::InjectFault { name, fault } => {
                rt.inject_fault(&name, fault.clone())?;
                Ok(json!({"command": "inject_fault", "name": name, "fault": fault}))
            }
            Command::ClearFaults { name } => {
                rt.clear_faults(&name)?;
                Ok(json!({"command": "clear_faults", "name": name}))
            }
            Command::Route { .. } => Err(Error::internal("route is answered by handle")),
            Command::ListChildren { supervisor } => {
                let sup = match &supervisor {
                    None => rt.root(),
                    Some(name) => rt.supervisor(name)?,
                };
                let children = sup.which_children().await?;
                Ok(
                    json!({"command": "list_children", "supervisor": sup.name(), "children": children}),
                )
            }
        }
    }
}
