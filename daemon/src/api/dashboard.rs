//! `GET /`: the dashboard, a static page and script compiled into the binary
//! (no JavaScript build at run time), and `GET /wasm/{file}`: the wasm
//! prover, served from the wasm build's output when it exists (the page falls
//! back to the daemon's prover when it does not, and says so).

use std::path::PathBuf;

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

/// Where the web build of the prover lives: `HMS_WASM_DIR`, else the
/// workspace's `target/wasm/pkg-web` (where `bridges/wasm/build.sh` puts it).
fn wasm_dir() -> PathBuf {
    std::env::var_os("HMS_WASM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/wasm/pkg-web"
            ))
        })
}

pub async fn wasm(Path(file): Path<String>) -> Result<Response, Box<Problem>> {
    let content_type = match file.as_str() {
        "hms_wasm.js" => "text/javascript; charset=utf-8",
        "hms_wasm_bg.wasm" => "application/wasm",
        _ => {
            return Err(Problem::not_found(format!(
                "no file {file} in the wasm build"
            )))
        }
    };
    let path = wasm_dir().join(&file);
    let bytes = tokio::fs::read(&path).await.map_err(|_| {
        Problem::not_found(format!(
            "the wasm build is absent ({} not found); run bridges/wasm/build.sh",
            path.display()
        ))
    })?;
    Ok(([(header::CONTENT_TYPE, content_type)], bytes).into_response())
}
