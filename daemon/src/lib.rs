//! The hms daemon as a library: what `hmsd` (the binary) runs, open to the
//! fuzz targets, which drive its HTTP service and configuration in-process.

pub mod api;
pub mod auth;
pub mod browser;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod journal;
pub mod logging;
pub mod metrics;
pub mod openapi;
pub mod ops;
pub mod problem;
pub mod rate;
pub mod recorder;
pub mod reload;
pub mod server;
pub mod settings;
pub mod slots;
pub mod state;
pub mod systemd;
pub mod telemetry;
pub mod tls;
