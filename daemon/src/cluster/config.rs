//! `[cluster]`: this node's name, where it listens for other nodes, the
//! shared cookie, optional TLS between nodes, the seeds it joins through, and
//! the failure detector's timing. No `[cluster]`: a single node, as before.

use std::net::SocketAddr;
use std::path::PathBuf;

use hms_actors::app::ConfigError;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClusterConfig {
    /// This node's name, unique in the cluster (`a`, `emr-1`).
    pub node: String,
    /// Where other nodes connect (`127.0.0.1:7900`).
    pub listen: SocketAddr,
    /// A file whose first line is the cookie every node of the cluster shares;
    /// a node with another cookie is refused.
    pub cookie_file: PathBuf,
    /// Nodes to join through (`host:port` of their `listen`); the others are
    /// learnt from them.
    #[serde(default)]
    pub seeds: Vec<String>,
    /// How often each node tells the others it is alive.
    #[serde(default = "heartbeat_ms")]
    pub heartbeat_ms: u64,
    /// A node not heard from for this long is declared down (at most 3 s by default).
    #[serde(default = "down_after_ms")]
    pub down_after_ms: u64,
    /// TLS between nodes, each side checking the other's certificate against `ca_file`.
    pub tls: Option<ClusterTls>,
    /// Where this node's genetic-engine islands run: `local` (default),
    /// `any` (spread over the nodes that are up, this one included), or a
    /// node's name (there while it is up, else as `any`).
    #[serde(default = "islands")]
    pub islands: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClusterTls {
    /// This node's certificate chain (PEM), used both to accept and to connect.
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
    /// The CA that signed every node's certificate (PEM).
    pub ca_file: PathBuf,
    /// The name every node's certificate holds (a DNS SAN); default `hms-node`.
    #[serde(default = "server_name")]
    pub server_name: String,
}

fn heartbeat_ms() -> u64 {
    500
}

fn down_after_ms() -> u64 {
    3000
}

fn islands() -> String {
    "local".into()
}

fn server_name() -> String {
    "hms-node".into()
}

impl ClusterConfig {
    /// Reads and checks `[cluster]`; every error names its key.
    pub fn from_table(table: &toml::Table, file: &str) -> Result<Self, ConfigError> {
        let err = |key: &str, message: String| ConfigError {
            file: file.into(),
            key: key.into(),
            message,
        };
        let c: ClusterConfig = serde_path_to_error::deserialize(toml::Value::Table(table.clone()))
            .map_err(|e| {
                let key = e.path().to_string();
                let key = if key == "." {
                    "cluster".into()
                } else {
                    format!("cluster.{key}")
                };
                err(&key, e.into_inner().to_string())
            })?;
        let name_ok = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        };
        if !name_ok(&c.islands) {
            return Err(err(
                "cluster.islands",
                format!("{:?}: \"local\", \"any\" or a node's name", c.islands),
            ));
        }
        if !name_ok(&c.node) {
            return Err(err(
                "cluster.node",
                format!("{:?}: 1 to 64 letters, digits, '-', '_' or '.'", c.node),
            ));
        }
        if c.listen.ip().is_unspecified() || c.listen.port() == 0 {
            return Err(err(
                "cluster.listen",
                format!(
                    "{}: the address other nodes connect to (the node says it to them): \
                     a concrete address and port, not 0.0.0.0, :: or port 0",
                    c.listen
                ),
            ));
        }
        if c.heartbeat_ms == 0 || c.heartbeat_ms * 2 > c.down_after_ms {
            return Err(err(
                "cluster.heartbeat_ms",
                "must be positive and at most half of down_after_ms (two missed beats before a node is down)".into(),
            ));
        }
        if c.down_after_ms > 600_000 {
            return Err(err(
                "cluster.down_after_ms",
                "must be at most 600000".into(),
            ));
        }
        for (i, seed) in c.seeds.iter().enumerate() {
            if seed
                .rsplit_once(':')
                .and_then(|(_, p)| p.parse::<u16>().ok())
                .is_none()
            {
                return Err(err(
                    &format!("cluster.seeds[{i}]"),
                    format!("{seed:?}: expected host:port"),
                ));
            }
        }
        Ok(c)
    }

    /// The cookie: the file's first line, which must not be empty.
    pub fn cookie(&self) -> Result<String, String> {
        let text = std::fs::read_to_string(&self.cookie_file).map_err(|e| {
            format!(
                "cluster.cookie_file: cannot read {}: {e}",
                self.cookie_file.display()
            )
        })?;
        let cookie = text.lines().next().unwrap_or("").trim().to_string();
        if cookie.is_empty() {
            return Err(format!(
                "cluster.cookie_file: {} has an empty first line",
                self.cookie_file.display()
            ));
        }
        Ok(cookie)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ClusterConfig, ConfigError> {
        ClusterConfig::from_table(&text.parse::<toml::Table>().unwrap(), "c.toml")
    }

    #[test]
    fn keys_are_checked_with_their_path() {
        let ok = parse("node = \"a\"\nlisten = \"127.0.0.1:7900\"\ncookie_file = \"c\"\n").unwrap();
        assert_eq!((ok.heartbeat_ms, ok.down_after_ms), (500, 3000));
        let e = parse("node = \"a\"\nlisten = \"x\"\ncookie_file = \"c\"\n").unwrap_err();
        assert_eq!(e.key, "cluster.listen");
        let e =
            parse("node = \"a\"\nlisten = \"0.0.0.0:7900\"\ncookie_file = \"c\"\n").unwrap_err();
        assert_eq!(e.key, "cluster.listen");
        let e =
            parse("node = \"a b\"\nlisten = \"127.0.0.1:1\"\ncookie_file = \"c\"\n").unwrap_err();
        assert_eq!(e.key, "cluster.node");
        let e = parse("node = \"a\"\nlisten = \"127.0.0.1:1\"\ncookie_file = \"c\"\nseeds = [\"h:1\", \"nope\"]\n")
            .unwrap_err();
        assert_eq!(e.key, "cluster.seeds[1]");
        let e = parse(
            "node = \"a\"\nlisten = \"127.0.0.1:1\"\ncookie_file = \"c\"\nheartbeat_ms = 2000\n",
        )
        .unwrap_err();
        assert_eq!(e.key, "cluster.heartbeat_ms");
        let e =
            parse("node = \"a\"\nlisten = \"127.0.0.1:1\"\ncookie_file = \"c\"\nislands = \"\"\n")
                .unwrap_err();
        assert_eq!(e.key, "cluster.islands");
        assert_eq!(ok.islands, "local");
        let e = parse("node = \"a\"\nlisten = \"127.0.0.1:1\"\ncookie = \"c\"\n").unwrap_err();
        assert_eq!(e.key, "cluster.cookie");
    }
}
