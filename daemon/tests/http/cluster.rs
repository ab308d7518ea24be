//! Several `hmsd` processes on loopback, each with its own data dir and ports,
//! joined by `[cluster]`: they find each other through one seed, a node with
//! the wrong cookie (or a certificate from another CA) is refused and logged, a
//! stopped node (SIGSTOP, sockets open) is declared down within the deadline
//! and comes back under a new incarnation, a killed one is down at once.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;

const DOWN_AFTER_MS: u64 = 3000;

pub(super) struct Node {
    pub(super) d: Daemon,
    pub(super) name: String,
    log: PathBuf,
}

/// A port for a node's cluster listener, below the kernel's ephemeral range
/// (32768 and up) so that no outgoing connection takes it between this check
/// and the daemon's bind; spread by process id for parallel test runs.
pub(super) fn free_port() -> u16 {
    static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
    let spread = (std::process::id() % 500) as u16 * 24;
    loop {
        let next = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let port = 20_000 + (spread + next) % 12_000;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

/// Starts node `name` listening for nodes on `port`, joining through `seeds`.
pub(super) fn node(
    dir: &Path,
    name: &str,
    port: u16,
    seeds: &[u16],
    cookie: &str,
    extra: &str,
) -> Node {
    let here = dir.join(name);
    std::fs::create_dir_all(&here).unwrap();
    let cookie_file = write(&here.join("cookie"), &format!("{cookie}\n"));
    let seeds: Vec<String> = seeds.iter().map(|p| format!("\"127.0.0.1:{p}\"")).collect();
    let cfg = config(
        &here,
        &format!(
            "\n[cluster]\nnode = \"{name}\"\nlisten = \"127.0.0.1:{port}\"\ncookie_file = {:?}\nseeds = [{}]\n{extra}\n",
            cookie_file.display().to_string(),
            seeds.join(", ")
        ),
    );
    let log = here.join("hmsd.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .unwrap();
    let d = Daemon::start_logging(
        "127.0.0.1:0",
        here.join("data"),
        cfg,
        &[],
        Stdio::from(file),
    );
    Node {
        d,
        name: name.into(),
        log,
    }
}

pub(super) fn cluster(n: &Node) -> Value {
    let r = get(&agent(), &n.d.url("/v1/cluster"), None);
    assert_eq!(r.status, 200, "{}", short(&r.body));
    r.json()
}

/// `peer` as `n` sees it.
pub(super) fn peer(n: &Node, peer: &str) -> Option<Value> {
    cluster(n)["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"] == peer)
        .cloned()
}

pub(super) fn wait_until(within: Duration, what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < within, "not within {within:?}: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
    start.elapsed()
}

pub(super) fn sees_all_up(n: &Node, names: &[&str]) -> bool {
    let c = cluster(n);
    let nodes = c["nodes"].as_array().unwrap();
    nodes.len() == names.len()
        && names.iter().all(|name| {
            nodes
                .iter()
                .any(|e| e["node"] == *name && e["state"] == "up")
        })
}

fn three(dir: &Path) -> (Vec<Node>, Vec<u16>) {
    let ports = [free_port(), free_port(), free_port()];
    // c knows only b, b only a: each finds the third from its peers' beats.
    let nodes = vec![
        node(dir, "a", ports[0], &[], "cookie-1", ""),
        node(dir, "b", ports[1], &[ports[0]], "cookie-1", ""),
        node(dir, "c", ports[2], &[ports[1]], "cookie-1", ""),
    ];
    for n in &nodes {
        wait_until(
            Duration::from_secs(20),
            &format!("{} sees a, b and c up", n.name),
            || sees_all_up(n, &["a", "b", "c"]),
        );
    }
    (nodes, ports.to_vec())
}

pub(super) fn log_of(n: &Node) -> String {
    std::fs::read_to_string(&n.log).unwrap_or_default()
}

#[test]
fn three_nodes_join_through_one_seed_and_a_wrong_cookie_is_refused_and_logged() {
    let dir = fresh_dir("cluster-join");
    let (nodes, ports) = three(&dir);
    let c = cluster(&nodes[0]);
    assert_eq!(c["clustered"], true);
    assert_eq!(c["node"], "a");
    let me = &c["nodes"][0];
    assert_eq!(me["self"], true);
    assert!(
        me["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "prover"),
        "what runs where: {me}"
    );
    let b = peer(&nodes[0], "b").unwrap();
    assert!(b["incarnation"].as_u64().unwrap() > 0);
    assert_eq!(b["cluster_addr"], format!("127.0.0.1:{}", ports[1]));
    assert!(b["last_heard_ms"].as_u64().unwrap() < DOWN_AFTER_MS);
    assert!(
        b["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "genetic_engine"),
        "what runs on b, as a sees it: {b}"
    );

    // An agent opened at b only: a call to it routed through a needs the token
    // as it would at b itself, though a does not know the name.
    let r = post(
        &agent(),
        &nodes[1].d.url("/v1/agents/scribe"),
        Some(TOKEN),
        &serde_json::json!({}),
    );
    assert!(r.status < 300, "{} {}", r.status, r.body);
    let url = nodes[0]
        .d
        .url("/v1/actors/scribe/call?node=b&timeout_ms=2000");
    let r = post(&agent(), &url, None, &serde_json::json!({"type": "note"}));
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json()["kind"], "unauthorized");
    // By its name alone, at a node that does not run it: a finds it at b
    // (b's policy again), once b's heartbeat has listed it.
    let by_name = || {
        let url = nodes[0].d.url("/v1/actors/scribe/call?timeout_ms=2000");
        post(&agent(), &url, None, &serde_json::json!({"type": "note"}))
    };
    wait_until(Duration::from_secs(5), "a routes scribe to b", || {
        by_name().status == 401
    });
    let url = nodes[0].d.url("/v1/actors/scribe/call?timeout_ms=500");
    let r = post(
        &agent(),
        &url,
        Some(TOKEN),
        &serde_json::json!({"type": "note"}),
    );
    // With the token it reaches b's mailbox, which nobody reads here: the
    // deadline passes there (a alone would answer 404).
    assert_eq!(r.json()["kind"], "timeout", "{}", r.body);
    let url = nodes[0].d.url("/v1/actors/nobody/call?timeout_ms=2000");
    let r = post(
        &agent(),
        &url,
        Some(TOKEN),
        &serde_json::json!({"type": "note"}),
    );
    assert_eq!(r.status, 404, "a name no node runs: {}", r.body);

    let refused_before = cluster(&nodes[0])["refused_connections"].as_u64().unwrap();
    let intruder = node(&dir, "x", free_port(), &[ports[0]], "another-cookie", "");
    wait_until(
        Duration::from_secs(10),
        "a counts a refused connection",
        || cluster(&nodes[0])["refused_connections"].as_u64().unwrap() > refused_before,
    );
    // The intruder's side counts it too (its only connection).
    assert!(cluster(&intruder)["refused_connections"].as_u64().unwrap() >= 1);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(peer(&nodes[0], "x").is_none(), "x never joins");
    assert!(sees_all_up(&nodes[0], &["a", "b", "c"]));
    assert_eq!(cluster(&intruder)["nodes"].as_array().unwrap().len(), 1);
    for n in [&nodes[0], &intruder] {
        let log = log_of(n);
        assert!(
            log.contains("connection refused") && log.contains("wrong cookie"),
            "{} logs the refusal: {log}",
            n.name
        );
    }
}

#[test]
fn a_stopped_node_is_down_within_the_deadline_and_rejoins_under_a_new_incarnation() {
    let dir = fresh_dir("cluster-stop");
    let (nodes, _) = three(&dir);
    let before = peer(&nodes[0], "c").unwrap()["incarnation"]
        .as_u64()
        .unwrap();
    nodes[2].d.signal("STOP");
    let took = wait_until(Duration::from_secs(10), "a and b declare c down", || {
        [&nodes[0], &nodes[1]]
            .iter()
            .all(|n| peer(n, "c").unwrap()["state"] == "down")
    });
    // The deadline, one heartbeat for the check to run, and the polling.
    assert!(
        took <= Duration::from_millis(DOWN_AFTER_MS + 2000),
        "declared down after {took:?}"
    );
    let down = peer(&nodes[0], "c").unwrap();
    assert!(
        down["reason"].as_str().unwrap().contains("no heartbeat"),
        "{down}"
    );
    nodes[2].d.signal("CONT");
    wait_until(Duration::from_secs(10), "c is back up on a and b", || {
        [&nodes[0], &nodes[1]]
            .iter()
            .all(|n| peer(n, "c").unwrap()["state"] == "up")
    });
    for n in &nodes[..2] {
        let c = peer(n, "c").unwrap();
        assert!(
            c["incarnation"].as_u64().unwrap() > before,
            "a new incarnation: {c}"
        );
        assert_eq!(c["rejoins"], 1, "{c}");
        assert_eq!(
            cluster(n)["nodes"].as_array().unwrap().len(),
            3,
            "no duplicate entry"
        );
    }
    let mine = cluster(&nodes[2]);
    assert!(mine["incarnation"].as_u64().unwrap() > before);
    assert!(log_of(&nodes[2]).contains("new incarnation"));
    // Its own silence did not make it declare the others down.
    assert!(sees_all_up(&nodes[2], &["a", "b", "c"]));
}

#[test]
fn a_killed_node_is_down_at_once_and_its_restart_rejoins() {
    let dir = fresh_dir("cluster-kill");
    let (mut nodes, ports) = three(&dir);
    let before = peer(&nodes[0], "c").unwrap()["incarnation"]
        .as_u64()
        .unwrap();
    nodes[2].d.signal("KILL");
    let took = wait_until(Duration::from_secs(10), "a declares c down", || {
        peer(&nodes[0], "c").unwrap()["state"] == "down"
    });
    assert!(took < Duration::from_millis(DOWN_AFTER_MS), "{took:?}");
    let _ = nodes[2].d.wait(Duration::from_secs(5));
    nodes[2] = node(&dir, "c", ports[2], &[ports[1]], "cookie-1", "");
    wait_until(Duration::from_secs(20), "the restarted c rejoins", || {
        sees_all_up(&nodes[0], &["a", "b", "c"]) && sees_all_up(&nodes[2], &["a", "b", "c"])
    });
    let c = peer(&nodes[0], "c").unwrap();
    assert!(c["incarnation"].as_u64().unwrap() > before, "{c}");
}

/// A CA, and a certificate for the name `hms-node` it signs (client and server use).
fn ca_and_cert(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=hms test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=hms-node",
            "-keyout",
            "node.key",
            "-out",
            "node.csr",
        ],
    );
    write(
        &dir.join("ext.cnf"),
        "subjectAltName=DNS:hms-node\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n",
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "node.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            "ext.cnf",
            "-out",
            "node.pem",
        ],
    );
}

fn tls_section(dir: &Path) -> String {
    let p = |f: &str| dir.join(f).display().to_string();
    format!(
        "\n[cluster.tls]\ncert_file = {:?}\nkey_file = {:?}\nca_file = {:?}\n",
        p("node.pem"),
        p("node.key"),
        p("ca.pem")
    )
}

#[test]
fn nodes_speak_mutual_tls_and_a_certificate_from_another_ca_is_refused() {
    let dir = fresh_dir("cluster-tls");
    let (good, other) = (dir.join("pki"), dir.join("other-pki"));
    ca_and_cert(&good);
    ca_and_cert(&other);
    let (pa, pb) = (free_port(), free_port());
    let a = node(&dir, "a", pa, &[], "cookie-1", &tls_section(&good));
    let b = node(&dir, "b", pb, &[pa], "cookie-1", &tls_section(&good));
    for n in [&a, &b] {
        wait_until(Duration::from_secs(20), "a and b join over TLS", || {
            sees_all_up(n, &["a", "b"])
        });
    }
    assert_eq!(cluster(&a)["tls"], true);
    let stranger = node(
        &dir,
        "s",
        free_port(),
        &[pa],
        "cookie-1",
        &tls_section(&other),
    );
    // The handshake fails on the certificate: the stranger cannot connect and says why.
    wait_until(
        Duration::from_secs(10),
        "the stranger logs the refusal",
        || {
            let log = log_of(&stranger).to_lowercase();
            log.contains("cannot connect") && log.contains("certificate")
        },
    );
    assert!(peer(&a, "s").is_none());
    assert_eq!(cluster(&stranger)["nodes"].as_array().unwrap().len(), 1);
    // A plain-TCP node cannot join a TLS cluster either.
    let plain = node(&dir, "p", free_port(), &[pa], "cookie-1", "");
    wait_until(
        Duration::from_secs(10),
        "the plain node's session is refused",
        || cluster(&plain)["refused_connections"].as_u64().unwrap() >= 1,
    );
    assert!(peer(&a, "p").is_none());
    assert!(sees_all_up(&a, &["a", "b"]));
}

/// A TCP proxy the test controls: forwards both ways until `cut`, then holds
/// every byte — sockets open, as a network that drops packets leaves them —
/// until `heal`.
struct Proxy {
    port: u16,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Proxy {
    fn to(target: u16) -> Proxy {
        use std::sync::atomic::AtomicBool;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let open = std::sync::Arc::new(AtomicBool::new(true));
        let gate = open.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let gate = gate.clone();
                    std::thread::spawn(move || pump(from, to, &gate));
                }
            }
        });
        Proxy { port, open }
    }

    fn cut(&self) {
        self.open.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    fn heal(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

fn pump(
    mut from: std::net::TcpStream,
    mut to: std::net::TcpStream,
    open: &std::sync::atomic::AtomicBool,
) {
    use std::io::{Read, Write};
    from.set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        if !open.load(std::sync::atomic::Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        }
        match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                // Bytes read as the cut came wait for the heal, as TCP's would.
                while !open.load(std::sync::atomic::Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Both);
}

pub(super) fn short(body: &str) -> &str {
    &body[..body.len().min(300)]
}

fn call_on(n: &Node, to: &str, timeout_ms: u64) -> (Reply, Duration) {
    let start = Instant::now();
    let url = n.d.url(&format!(
        "/v1/actors/prover/call?node={to}&timeout_ms={timeout_ms}"
    ));
    let r = post(&agent(), &url, None, &verify_body(1));
    (r, start.elapsed())
}

#[test]
fn calls_run_on_another_node_and_a_partition_ends_them_within_their_deadline_then_heals() {
    let dir = fresh_dir("cluster-partition");
    let (pa, pb, pc) = (free_port(), free_port(), free_port());
    let a = node(&dir, "a", pa, &[], "cookie-1", "");
    // c reaches a only through the proxy; b reaches both directly.
    let proxy = Proxy::to(pa);
    let c = node(&dir, "c", pc, &[proxy.port], "cookie-1", "");
    let b = node(&dir, "b", pb, &[pa, pc], "cookie-1", "");
    for n in [&a, &b, &c] {
        wait_until(Duration::from_secs(20), "a, b and c up", || {
            sees_all_up(n, &["a", "b", "c"])
        });
    }
    // A call made at a runs in c's tree and is journaled at a.
    let (r, _) = call_on(&a, "c", 10_000);
    assert_eq!(r.status, 200, "{}", short(&r.body));
    assert_eq!(r.json()["status"], "proved", "{}", short(&r.body));
    assert!(r.header("hms-journal-ids").is_some());
    let (r, _) = call_on(&a, "nowhere", 1000);
    assert_eq!(r.status, 404, "{}", r.body);
    let (inc_a, inc_c) = (
        cluster(&a)["incarnation"].as_u64().unwrap(),
        cluster(&c)["incarnation"].as_u64().unwrap(),
    );

    proxy.cut();
    let cut = Instant::now();
    // In flight while the cut is not yet detected: an error within the deadline, never a hang.
    let (r, took) = call_on(&a, "c", 1500);
    assert!(
        r.status == 504 || r.status == 503,
        "{} {}; a's connections {}, c's {}, proxy {}, a {pa}",
        r.status,
        short(&r.body),
        cluster(&a)["connections"],
        cluster(&c)["connections"],
        proxy.port
    );
    assert!(took < Duration::from_millis(3000), "{took:?}");
    wait_until(
        Duration::from_secs(10),
        "a and c declare each other down",
        || peer(&a, "c").unwrap()["state"] == "down" && peer(&c, "a").unwrap()["state"] == "down",
    );
    assert!(
        cut.elapsed() < Duration::from_millis(DOWN_AFTER_MS + 2500),
        "{:?}",
        cut.elapsed()
    );
    assert!(sees_all_up(&b, &["a", "b", "c"]), "b still reaches both");
    // Once down, a call to it ends at once with actor_down; c still answers b.
    let (r, took) = call_on(&a, "c", 5000);
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.json()["kind"], "actor_down", "{}", r.body);
    assert!(took < Duration::from_secs(1), "{took:?}");
    let (r, _) = call_on(&b, "c", 10_000);
    assert_eq!(r.status, 200, "{}", short(&r.body));

    proxy.heal();
    for (n, other) in [(&a, "c"), (&c, "a")] {
        wait_until(Duration::from_secs(15), "the partition heals", || {
            peer(n, other).unwrap()["state"] == "up"
        });
    }
    assert!(cluster(&a)["incarnation"].as_u64().unwrap() > inc_a);
    assert!(cluster(&c)["incarnation"].as_u64().unwrap() > inc_c);
    let (r, _) = call_on(&a, "c", 10_000);
    assert_eq!(r.status, 200, "{}", short(&r.body));
}
