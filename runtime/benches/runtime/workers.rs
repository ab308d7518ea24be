//! The same accumulator twice: as an hms worker and as a bare ractor actor.

use hms_runtime::ractor::{self, Actor, ActorProcessingErr, ActorRef, RpcReplyPort};
use hms_runtime::{Context, Error, Worker};

#[derive(Clone, Debug)]
pub enum Op {
    Add(u64),
    Get,
    Panic,
}

#[derive(Default)]
pub struct Acc(u64);

impl Worker for Acc {
    type Msg = Op;
    type Reply = u64;

    async fn handle(&mut self, op: Op, _ctx: &mut Context<Self>) -> Result<u64, Error> {
        match op {
            Op::Add(n) => {
                self.0 += n;
                Ok(self.0)
            }
            Op::Get => Ok(self.0),
            Op::Panic => panic!("benchmark panic"),
        }
    }
}

impl ractor::Message for BareMsg {}

pub enum BareMsg {
    Add(u64),
    Get(RpcReplyPort<u64>),
    Panic,
}

pub struct BareAcc;

impl Actor for BareAcc {
    type Msg = BareMsg;
    type State = u64;
    type Arguments = ();

    async fn pre_start(&self, _: ActorRef<BareMsg>, _: ()) -> Result<u64, ActorProcessingErr> {
        Ok(0)
    }

    async fn handle(
        &self,
        _: ActorRef<BareMsg>,
        msg: BareMsg,
        state: &mut u64,
    ) -> Result<(), ActorProcessingErr> {
        match msg {
            BareMsg::Add(n) => *state += n,
            BareMsg::Get(reply) => {
                let _ = reply.send(*state);
            }
            BareMsg::Panic => panic!("benchmark panic"),
        }
        Ok(())
    }
}

/// The least a ractor user writes to hold many children: an actor that spawns
/// a child on request, ignores their exits, and stops them all when it stops.
pub struct BareHolder;

impl ractor::Message for HolderMsg {}

pub enum HolderMsg {
    Spawn(RpcReplyPort<ActorRef<BareMsg>>),
}

type Children = Vec<(ActorRef<BareMsg>, tokio::task::JoinHandle<()>)>;

impl Actor for BareHolder {
    type Msg = HolderMsg;
    type State = Children;
    type Arguments = ();

    async fn pre_start(
        &self,
        _: ActorRef<HolderMsg>,
        _: (),
    ) -> Result<Children, ActorProcessingErr> {
        Ok(Vec::new())
    }

    async fn handle(
        &self,
        myself: ActorRef<HolderMsg>,
        msg: HolderMsg,
        children: &mut Children,
    ) -> Result<(), ActorProcessingErr> {
        let HolderMsg::Spawn(reply) = msg;
        let (child, handle) = Actor::spawn_linked(None, BareAcc, (), myself.get_cell()).await?;
        children.push((child.clone(), handle));
        let _ = reply.send(child);
        Ok(())
    }

    async fn handle_supervisor_evt(
        &self,
        _: ActorRef<HolderMsg>,
        _: ractor::SupervisionEvent,
        _: &mut Children,
    ) -> Result<(), ActorProcessingErr> {
        Ok(())
    }

    async fn post_stop(
        &self,
        _: ActorRef<HolderMsg>,
        children: &mut Children,
    ) -> Result<(), ActorProcessingErr> {
        for (child, _) in children.iter() {
            child.stop(None);
        }
        for (_, handle) in children.drain(..) {
            let _ = handle.await;
        }
        Ok(())
    }
}

pub fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

pub fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}
