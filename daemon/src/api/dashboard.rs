//! `GET /`: the dashboard, a static page and script compiled into the binary
//! (no JavaScript build at run time), and `GET /wasm/{file}`: the wasm
//! prover, the committed build compiled in (the page still falls back to the
//! daemon's prover if a browser cannot run it, and says so).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

const INDEX: &str = include_str!("../../static/index.html");
const SCRIPT: &str = include_str!("../../static/dashboard.js");

pub async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response()
}

pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// The committed web build of the prover (`bridges/wasm/pkg/web`, made by
/// `bridges/wasm/build.sh --commit`; tests/wasm checks it against the native
/// prover), compiled in so that every hmsd serves it.
const WASM_JS: &str = include_str!("../../../bridges/wasm/pkg/web/hms_wasm.js");
const WASM: &[u8] = include_bytes!("../../../bridges/wasm/pkg/web/hms_wasm_bg.wasm");

pub async fn wasm(Path(file): Path<String>) -> Result<Response, Box<Problem>> {
    match file.as_str() {
        "hms_wasm.js" => Ok((
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            WASM_JS,
        )
            .into_response()),
        "hms_wasm_bg.wasm" => {
            Ok(([(header::CONTENT_TYPE, "application/wasm")], WASM).into_response())
        }
        _ => Err(Problem::not_found(format!(
            "no file {file} in the wasm build"
        ))),
    }
}
