//! The start function of a supervisor child spec.

use std::sync::Arc;

use futures::future::BoxFuture;
use futures::FutureExt;
use ractor::Actor;

use super::actor::{InitFn, SupArgs, SupervisorActor};
use super::message::SupMsg;
use crate::name::{AnySlot, Slot};
use crate::spec::{ChildKind, StartError, StartRequest, Started, Starter, SupervisorSpec};
use crate::worker::start_error;

struct SupervisorStarter {
    init: Arc<InitFn>,
}

pub(crate) fn starter<F>(init: F) -> Arc<dyn Starter>
where
    F: Fn() -> Result<SupervisorSpec, String> + Send + Sync + 'static,
{
    Arc::new(SupervisorStarter {
        init: Arc::new(init),
    })
}

impl Starter for SupervisorStarter {
    fn kind(&self) -> ChildKind {
        ChildKind::Supervisor
    }

    fn start(&self, req: StartRequest) -> BoxFuture<'static, Result<Started, StartError>> {
        let init = self.init.clone();
        async move {
            let mut req = req;
            let slot: Arc<Slot<SupMsg>> = req.slot().await?;
            let args = SupArgs {
                init,
                path: req.path,
                runtime: req.runtime,
                slot: slot.clone(),
            };
            let (actor, _) = Actor::spawn_linked(None, SupervisorActor, args, req.supervisor)
                .await
                .map_err(start_error)?;
            let cell = actor.get_cell();
            slot.publish(actor, usize::MAX, None, None);
            Ok(Started {
                cell,
                slot: slot as Arc<dyn AnySlot>,
            })
        }
        .boxed()
    }
}
