//! The OpenAPI document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api::{actors, admin, agents, cds, cluster, events, fhir, system, trials};

#[derive(OpenApi)]
#[openapi(
    info(title = "hmsd", description = "The hms daemon: a supervision tree of treatment-research actors behind HTTP. Research and simulation software, not a medical device."),
    paths(actors::call, actors::cast, agents::open, agents::next, agents::answer, agents::close, system::health, system::tree, cluster::cluster, events::events, admin::inject, admin::clear, admin::coordinate, admin::journal, fhir::plan, trials::publish, trials::latest, cds::discovery, cds::service, system::metrics, system::openapi),
    components(schemas(crate::problem::Problem, agents::AgentOpened, agents::Letter, agents::AgentAnswer, agents::Answered, actors::ActorMessage, actors::Accepted, admin::FaultRequest, admin::FaultInjected, admin::FaultsCleared, admin::CoordinateRequest, admin::JournalPage, crate::journal::Record)),
    modifiers(&Bearer),
)]
struct Doc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn document() -> utoipa::openapi::OpenApi {
    Doc::openapi()
}
