//! Runs the daemon: journal, application tree, HTTP server, and the orderly
//! stop on SIGTERM/SIGINT — stop accepting, let calls in flight finish (or
//! answer `shutdown` after the grace period), stop the tree in reverse
//! order, close the journal.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hms_actors::app::App;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::auth::Auth;
use crate::config::Config;
use crate::journal::Journal;
use crate::reload::Reloader;
use crate::state::State;
use crate::{api, recorder};

/// What a running daemon is made of, before and apart from its listener.
pub struct Assembled {
    pub state: Arc<State>,
    /// Set to stop accepting and end event streams.
    pub stop: watch::Sender<bool>,
    /// Set when the grace period is over.
    pub grace: watch::Sender<bool>,
}

/// Opens the journal, starts the tree and builds the shared state for a
/// daemon that answers at `addr` (also used in-process by the fuzz targets).
pub async fn assemble(config: &Config, auth: Auth, addr: SocketAddr) -> Result<Assembled, String> {
    let journal = Journal::open(&config.data_dir())?;
    let app = App::start(config.app.clone())
        .await
        .map_err(|e| format!("the application tree did not start: {e}"))?;
    let (stop_tx, stopping) = watch::channel(false);
    let (grace_tx, grace_over) = watch::channel(false);
    let state = Arc::new(State {
        app: app.clone(),
        settings: crate::settings::Live::new(auth, config.daemon.limits.clone()),
        origins: crate::browser::Origins::new(addr, &config.daemon.http),
        journal,
        agents: Default::default(),
        metrics: Default::default(),
        streams: Default::default(),
        connections: Default::default(),
        cluster: Default::default(),
        stopping: stopping.clone(),
        grace_over,
    });
    recorder::spawn(state.clone());
    Ok(Assembled {
        state,
        stop: stop_tx,
        grace: grace_tx,
    })
}

pub async fn run(config: Config, auth: Auth, reloader: Reloader) -> Result<(), String> {
    let notify = Arc::new(crate::systemd::Notifier::from_env());
    let data_dir = config.data_dir();
    let tls = config
        .daemon
        .tls
        .as_ref()
        .map(crate::tls::acceptor)
        .transpose()?;
    let listener = TcpListener::bind(config.daemon.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.daemon.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let Assembled {
        state,
        stop: stop_tx,
        grace: grace_tx,
    } = assemble(&config, auth, addr).await?;
    let app = state.app.clone();
    let stopping = state.stopping.clone();
    if let Some(cluster) = config.cluster.clone() {
        let node =
            crate::cluster::Node::start(cluster, addr, app.clone(), stopping.clone()).await?;
        crate::cluster::place_islands(&node, &app);
        let _ = state.cluster.set(node);
    }
    // Handlers are installed before the "listening" line: a SIGTERM sent the
    // moment that line appears must stop the daemon in order, not kill it.
    let signalled = stop_signal()?;
    let hangups = hangup_signal()?;
    let (stop_state, stop_notify) = (state.clone(), notify.clone());
    tokio::spawn(async move {
        signalled.await;
        stop_notify.stopping();
        let grace = Duration::from_millis(stop_state.settings.get().limits.shutdown_grace_ms);
        tracing::info!(
            "stopping: no new connections; calls in flight have {} ms",
            grace.as_millis()
        );
        let _ = stop_tx.send(true);
        tokio::time::sleep(grace).await;
        let _ = grace_tx.send(true);
    });
    if tls.is_none() && !addr.ip().is_loopback() {
        tracing::warn!(%addr, "serving plain HTTP on a network address: set [daemon.tls] so that the token and records are not sent in the clear");
    }
    // The one line scripts and tests read to find the daemon.
    println!(
        "hmsd {} listening on {}://{addr} (config: {}, data: {})",
        env!("CARGO_PKG_VERSION"),
        if tls.is_some() { "https" } else { "http" },
        config.source,
        data_dir.display()
    );
    tracing::info!(%addr, journal = %state.journal.path().display(), "hmsd started");
    notify.ready();
    tokio::spawn(reload_on_hangup(
        hangups,
        reloader,
        state.clone(),
        notify.clone(),
    ));
    if config.daemon.journal.policy(0).is_some() {
        tokio::spawn(retain(config.daemon.journal.clone(), state.clone()));
    }
    if let Some(every) = crate::systemd::watchdog_every() {
        tokio::spawn(watchdog(every, state.clone(), notify.clone()));
    }
    serve(listener, tls, state.clone(), stopping.clone()).await;
    let reason = app.shutdown().await;
    state.journal.close();
    tracing::info!(%reason, "hmsd stopped");
    Ok(())
}

/// Each SIGHUP reloads the configuration (`reload.rs`), told to systemd
/// around it and counted in `/metrics`.
async fn reload_on_hangup(
    mut hangups: Hangups,
    mut reloader: Reloader,
    state: Arc<State>,
    notify: Arc<crate::systemd::Notifier>,
) {
    while hangups.next().await {
        notify.reloading();
        match reloader.reload(&state) {
            Ok(changed) if changed.is_empty() => {
                tracing::info!("configuration reloaded: nothing changed");
                notify.status("configuration reloaded: nothing changed");
            }
            Ok(changed) => {
                tracing::info!(changed = %changed.join(", "), "configuration reloaded");
                notify.status(&format!("configuration reloaded: {}", changed.join(", ")));
            }
            Err(e) => {
                tracing::error!("configuration reload refused, the running one stays: {e}");
                notify.status(&format!("reload refused: {e}"));
            }
        }
        state.metrics.reloaded(reloader.last_applied());
        notify.ready();
    }
}

/// Applies the journal's retention limits at start and every `check_every_s`.
async fn retain(cfg: crate::config::JournalConfig, state: Arc<State>) {
    let every = Duration::from_secs(cfg.check_every_s);
    loop {
        let (cfg2, path) = (cfg.clone(), state.journal.path().to_path_buf());
        let stopping = state.stopping.clone();
        let pruned = tokio::task::spawn_blocking(move || {
            let now = crate::journal::now_ms();
            let policy = cfg2.policy(now).expect("a limit is set");
            let mut conn = rusqlite::Connection::open(&path).map_err(|e| e.to_string())?;
            // A stop ends a long first prune after the batch under way.
            crate::journal::retention::prune(&mut conn, &policy, now, &|| *stopping.borrow())
        })
        .await;
        match pruned {
            Ok(Ok(p)) if p.deleted > 0 => {
                tracing::info!(deleted = p.deleted, through_id = ?p.through_id, "journal retention");
                state.metrics.pruned(p.deleted);
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!("journal retention failed: {e}"),
            Err(e) => tracing::warn!("journal retention failed: {e}"),
        }
        let mut stopping = state.stopping.clone();
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
    }
}

/// Pings systemd's watchdog every `every` while the root supervisor answers
/// a request through its mailbox within that time: a tree that is stuck
/// stops the pings, and systemd restarts the daemon (see `watchdog_every`).
async fn watchdog(every: Duration, state: Arc<State>, notify: Arc<crate::systemd::Notifier>) {
    loop {
        tokio::time::sleep(every).await;
        let root = state.app.runtime().root().with_timeout(every);
        match root.count_children().await {
            Ok(_) => notify.watchdog(),
            Err(e) => tracing::warn!("the tree did not answer the watchdog's check: {e}"),
        }
    }
}

/// Accepts connections until `stopping`, each served by hyper with a header
/// read timeout (which also closes idle keep-alive connections), at most
/// `max_connections` at once (beyond it a new connection is closed at once:
/// the ones open keep their service); then, after a short settle, waits for
/// the open ones to finish. Limits are read as each connection comes (a
/// reload changes them).
/// With `tls`, each connection's handshake must end within the header timeout.
async fn serve(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    state: Arc<State>,
    mut stopping: watch::Receiver<bool>,
) {
    use hyper::server::conn::http1;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let router = api::router(state.clone());
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopping.wait_for(|s| *s) => break,
        };
        let limits = state.settings.get().limits.clone();
        let Some(permit) = state.connections.take(limits.max_connections.max(1)) else {
            tracing::warn!(
                "connection refused: {} connections open (daemon.limits.max_connections)",
                limits.max_connections
            );
            continue;
        };
        let header_timeout = Duration::from_millis(limits.header_timeout_ms.max(1));
        let _ = stream.set_nodelay(true);
        let service =
            router
                .clone()
                .map_request(move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(Peer(peer.ip()));
                    req
                });
        let mut http = http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(header_timeout);
        let service = TowerToHyperService::new(service);
        let watcher = graceful.watcher();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => {
                    let _ = watcher
                        .watch(http.serve_connection(TokioIo::new(stream), service))
                        .await;
                }
                Some(tls) => match tokio::time::timeout(header_timeout, tls.accept(stream)).await {
                    Ok(Ok(stream)) => {
                        let _ = watcher
                            .watch(http.serve_connection(TokioIo::new(stream), service))
                            .await;
                    }
                    Ok(Err(e)) => tracing::debug!(%peer, "TLS handshake failed: {e}"),
                    Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                },
            }
            drop(permit);
        });
    }
    drop(listener);
    // A connection accepted just before the stop may not have had its request
    // read yet, and hyper closes a connection with no request under way at
    // once: the client would see the connection drop with no answer. So the
    // open connections get a moment (a quarter second, within the grace
    // period) to read what was already sent; then idle ones close and requests
    // in flight finish (calls past the grace period are answered `shutdown`
    // by the handlers).
    let grace_ms = state.settings.get().limits.shutdown_grace_ms;
    let settle = Duration::from_millis(grace_ms.min(250));
    tokio::time::sleep(settle).await;
    graceful.shutdown().await;
}

/// The address a request's connection came from (for per-client limits).
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub std::net::IpAddr);

/// SIGHUPs, one `next` each (none on platforms without them).
struct Hangups(#[cfg(unix)] tokio::signal::unix::Signal);

impl Hangups {
    async fn next(&mut self) -> bool {
        #[cfg(unix)]
        {
            self.0.recv().await.is_some()
        }
        #[cfg(not(unix))]
        {
            std::future::pending::<bool>().await
        }
    }
}

fn hangup_signal() -> Result<Hangups, String> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        signal(SignalKind::hangup())
            .map(Hangups)
            .map_err(|e| format!("cannot handle SIGHUP: {e}"))
    }
    #[cfg(not(unix))]
    {
        Ok(Hangups())
    }
}

/// Installs the SIGTERM/SIGINT handlers now and returns the wait for either.
fn stop_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let handler = |kind| signal(kind).map_err(|e| format!("cannot handle signals: {e}"));
        let mut term = handler(SignalKind::terminate())?;
        let mut int = handler(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
