//! Who is in the cluster, as this node sees it: pure rules, no network (the
//! node shell in `node.rs` feeds it heartbeats, session closes and clock ticks).
//!
//! - Every node sends a [`Beat`] to every other one each `heartbeat`; a peer
//!   silent for longer than `down_after` is declared down, and so is one whose
//!   connection closed.
//! - Each run of a node has an *incarnation* (its start time in ms, then + 1 on
//!   each rejoin). A peer declared down at incarnation `n` stays down for every
//!   beat of incarnation `n`: it is let back only under a newer one. That is
//!   what keeps a node that was only stopped (SIGSTOP) or cut off from coming
//!   back as if nothing happened, beside what was restarted elsewhere.
//! - A node learns it was declared down from the `down` list in its peers'
//!   beats, or sees it itself when its own clock jumped by more than
//!   `down_after` between two ticks (it was stopped or starved that long);
//!   either way it takes a new incarnation. In a stall it also gives its peers
//!   a fresh deadline instead of declaring them all down for its own silence.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// What a node says of itself to its peers, every heartbeat.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Beat {
    pub node: String,
    pub incarnation: u64,
    /// Where its cluster listener is (`host:port`): peers connect to it.
    pub cluster_addr: String,
    /// Where its HTTP API is.
    pub http: String,
    /// The peers it holds down, with the incarnation each was declared down at.
    pub down: Vec<(String, u64)>,
    /// The peers it sees up (`name`, `cluster_addr`): how a node that knows
    /// one peer finds the others.
    pub up: Vec<(String, String)>,
    /// What runs on it (the names in its tree).
    #[serde(default)]
    pub actors: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PeerState {
    Up,
    Down { reason: String },
}

#[derive(Clone, Debug)]
pub struct Peer {
    pub incarnation: u64,
    pub cluster_addr: String,
    pub http: String,
    pub actors: Vec<String>,
    pub state: PeerState,
    pub last_seen: Instant,
    /// When it last changed state.
    pub since: Instant,
    /// How many times it came back under a new incarnation.
    pub rejoins: u32,
}

/// A change worth logging and counting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Joined {
        node: String,
        incarnation: u64,
    },
    Rejoined {
        node: String,
        from: u64,
        to: u64,
    },
    Down {
        node: String,
        incarnation: u64,
        reason: String,
    },
    /// This node took a new incarnation.
    Reincarnated {
        from: u64,
        to: u64,
        why: String,
    },
}

#[derive(Debug)]
pub struct View {
    pub me: String,
    pub incarnation: u64,
    pub cluster_addr: String,
    pub http: String,
    /// What runs on this node.
    pub actors: Vec<String>,
    pub down_after: Duration,
    pub peers: BTreeMap<String, Peer>,
    last_tick: Instant,
}

impl View {
    pub fn new(
        me: &str,
        incarnation: u64,
        cluster_addr: &str,
        http: &str,
        down_after: Duration,
        now: Instant,
    ) -> Self {
        Self {
            me: me.into(),
            incarnation,
            cluster_addr: cluster_addr.into(),
            http: http.into(),
            actors: vec![],
            down_after,
            peers: BTreeMap::new(),
            last_tick: now,
        }
    }

    /// What this node says to its peers now.
    pub fn beat(&self) -> Beat {
        let (mut down, mut up) = (vec![], vec![]);
        for (name, p) in &self.peers {
            match p.state {
                PeerState::Up => up.push((name.clone(), p.cluster_addr.clone())),
                PeerState::Down { .. } => down.push((name.clone(), p.incarnation)),
            }
        }
        Beat {
            node: self.me.clone(),
            incarnation: self.incarnation,
            cluster_addr: self.cluster_addr.clone(),
            http: self.http.clone(),
            down,
            up,
            actors: self.actors.clone(),
        }
    }

    /// A peer's beat arrived.
    pub fn on_beat(&mut self, beat: &Beat, now: Instant) -> Vec<Change> {
        let mut changes = vec![];
        if beat.node == self.me {
            return changes;
        }
        // Declared down at this run's incarnation, or at a higher one (an
        // earlier run whose clock was ahead): take one above it.
        if let Some(&(_, inc)) = beat
            .down
            .iter()
            .find(|(n, inc)| *n == self.me && *inc >= self.incarnation)
        {
            changes.push(self.reincarnate(inc, format!("{} declared it down", beat.node)));
        }
        match self.peers.get_mut(&beat.node) {
            None => {
                self.peers.insert(
                    beat.node.clone(),
                    Peer {
                        incarnation: beat.incarnation,
                        cluster_addr: beat.cluster_addr.clone(),
                        http: beat.http.clone(),
                        actors: beat.actors.clone(),
                        state: PeerState::Up,
                        last_seen: now,
                        since: now,
                        rejoins: 0,
                    },
                );
                changes.push(Change::Joined {
                    node: beat.node.clone(),
                    incarnation: beat.incarnation,
                });
            }
            // A late beat of an older run, or of the run declared down: ignored.
            Some(p) if beat.incarnation < p.incarnation => {}
            Some(p) if beat.incarnation == p.incarnation && p.state != PeerState::Up => {}
            Some(p) => {
                if beat.incarnation > p.incarnation {
                    changes.push(Change::Rejoined {
                        node: beat.node.clone(),
                        from: p.incarnation,
                        to: beat.incarnation,
                    });
                    p.incarnation = beat.incarnation;
                    p.state = PeerState::Up;
                    p.since = now;
                    p.rejoins += 1;
                }
                p.last_seen = now;
                p.cluster_addr.clone_from(&beat.cluster_addr);
                p.http.clone_from(&beat.http);
                p.actors.clone_from(&beat.actors);
            }
        }
        changes
    }

    /// The connection to `node` closed: it is down now, not after the deadline.
    pub fn on_disconnect(&mut self, node: &str, now: Instant) -> Vec<Change> {
        self.declare_down(node, "its connection closed".into(), now)
            .into_iter()
            .collect()
    }

    /// This node has itself been silent past the deadline (stopped or
    /// starved): its peers may have declared it down, and its next tick
    /// takes a new incarnation.
    pub fn stalled(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.last_tick) > self.down_after
    }

    /// Called every heartbeat: declares silent peers down.
    pub fn tick(&mut self, now: Instant) -> Vec<Change> {
        let gap = now.saturating_duration_since(self.last_tick);
        self.last_tick = now;
        if gap > self.down_after {
            // This node was stopped or starved: the silence was its own.
            for p in self.peers.values_mut() {
                p.last_seen = now;
            }
            return vec![self.reincarnate(0, format!(
                "it was silent itself for {} ms (stopped or starved), so its peers declared it down",
                gap.as_millis()
            ))];
        }
        let silent: Vec<(String, Duration)> = self
            .peers
            .iter()
            .filter(|(_, p)| p.state == PeerState::Up)
            .map(|(n, p)| (n.clone(), now.saturating_duration_since(p.last_seen)))
            .filter(|(_, quiet)| *quiet > self.down_after)
            .collect();
        silent
            .into_iter()
            .filter_map(|(node, quiet)| {
                let reason = format!("no heartbeat for {} ms", quiet.as_millis());
                self.declare_down(&node, reason, now)
            })
            .collect()
    }

    fn declare_down(&mut self, node: &str, reason: String, now: Instant) -> Option<Change> {
        let p = self.peers.get_mut(node)?;
        if p.state != PeerState::Up {
            return None;
        }
        p.state = PeerState::Down {
            reason: reason.clone(),
        };
        p.since = now;
        Some(Change::Down {
            node: node.into(),
            incarnation: p.incarnation,
            reason,
        })
    }

    /// Takes an incarnation above this run's and above `floor`.
    fn reincarnate(&mut self, floor: u64, why: String) -> Change {
        let from = self.incarnation;
        self.incarnation = from.max(floor) + 1;
        Change::Reincarnated {
            from,
            to: self.incarnation,
            why,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEADLINE: Duration = Duration::from_secs(3);

    fn beat(node: &str, incarnation: u64) -> Beat {
        Beat {
            node: node.into(),
            incarnation,
            cluster_addr: format!("{node}:1"),
            http: format!("{node}:2"),
            down: vec![],
            up: vec![],
            actors: vec!["prover".into()],
        }
    }

    fn view(t0: Instant) -> View {
        View::new("a", 100, "a:1", "a:2", DEADLINE, t0)
    }

    fn state(v: &View, node: &str) -> PeerState {
        v.peers[node].state.clone()
    }

    #[test]
    fn a_silent_peer_is_down_after_the_deadline_and_back_only_under_a_new_incarnation() {
        let t0 = Instant::now();
        let mut v = view(t0);
        assert!(matches!(
            v.on_beat(&beat("b", 7), t0)[..],
            [Change::Joined { .. }]
        ));
        let mut t = t0;
        for _ in 0..5 {
            t += Duration::from_millis(500);
            assert!(v.on_beat(&beat("b", 7), t).is_empty());
            assert!(v.tick(t).is_empty());
        }
        // Beats stop: still up at the deadline, down just past it.
        for _ in 0..6 {
            t += Duration::from_millis(500);
            assert!(v.tick(t).is_empty());
        }
        assert_eq!(
            state(&v, "b"),
            PeerState::Up,
            "3.0 s of silence is not past 3 s"
        );
        t += Duration::from_millis(500);
        let changes = v.tick(t);
        assert!(
            matches!(&changes[..], [Change::Down { node, incarnation: 7, .. }] if node == "b"),
            "{changes:?}"
        );
        assert_eq!(v.beat().down, vec![("b".to_string(), 7)]);
        // The same run speaking again stays down; a new run is let back.
        assert!(v.on_beat(&beat("b", 7), t).is_empty());
        assert!(matches!(state(&v, "b"), PeerState::Down { .. }));
        let changes = v.on_beat(&beat("b", 8), t);
        assert_eq!(
            changes,
            vec![Change::Rejoined {
                node: "b".into(),
                from: 7,
                to: 8
            }]
        );
        assert_eq!(state(&v, "b"), PeerState::Up);
        assert_eq!(v.peers.len(), 1, "no duplicate entry for the new run");
    }

    #[test]
    fn a_node_declared_down_takes_a_new_incarnation() {
        let t0 = Instant::now();
        let mut v = view(t0);
        let mut b = beat("b", 7);
        b.down = vec![("a".into(), 99)];
        assert!(
            matches!(v.on_beat(&b, t0)[..], [Change::Joined { .. }]),
            "an older run of a"
        );
        b.down = vec![("a".into(), 100)];
        let changes = v.on_beat(&b, t0);
        assert!(matches!(
            changes[0],
            Change::Reincarnated {
                from: 100,
                to: 101,
                ..
            }
        ));
        assert_eq!(v.beat().incarnation, 101);
        // An earlier run whose clock was ahead was held down at 500: go above it.
        b.down = vec![("a".into(), 500)];
        let changes = v.on_beat(&b, t0);
        assert!(matches!(
            changes[0],
            Change::Reincarnated {
                from: 101,
                to: 501,
                ..
            }
        ));
    }

    #[test]
    fn its_own_stall_is_not_blamed_on_its_peers() {
        let t0 = Instant::now();
        let mut v = view(t0);
        v.on_beat(&beat("b", 7), t0);
        v.on_beat(&beat("c", 9), t0);
        // SIGSTOP for 10 s, then the first tick after SIGCONT.
        let t = t0 + Duration::from_secs(10);
        let changes = v.tick(t);
        assert!(matches!(
            changes[..],
            [Change::Reincarnated {
                from: 100,
                to: 101,
                ..
            }]
        ));
        assert_eq!(state(&v, "b"), PeerState::Up);
        assert_eq!(state(&v, "c"), PeerState::Up);
        // They still have a deadline: silence from now on counts.
        let t = t + Duration::from_millis(500);
        assert!(v.tick(t).is_empty());
    }

    #[test]
    fn a_closed_connection_is_down_at_once_and_a_restarted_process_rejoins() {
        let t0 = Instant::now();
        let mut v = view(t0);
        v.on_beat(&beat("b", 7), t0);
        let changes = v.on_disconnect("b", t0);
        assert!(matches!(&changes[..], [Change::Down { reason, .. }] if reason.contains("closed")));
        assert!(v.on_disconnect("b", t0).is_empty(), "down once");
        assert!(v.on_disconnect("nobody", t0).is_empty());
        assert!(matches!(
            v.on_beat(&beat("b", 5000), t0)[..],
            [Change::Rejoined { .. }]
        ));
        // A late beat of the old run changes nothing.
        assert!(v.on_beat(&beat("b", 7), t0).is_empty());
        assert_eq!(v.peers["b"].incarnation, 5000);
    }

    #[test]
    fn beats_say_who_is_up_and_where() {
        let t0 = Instant::now();
        let mut v = view(t0);
        v.on_beat(&beat("b", 7), t0);
        let b = v.beat();
        assert_eq!(b.up, vec![("b".to_string(), "b:1".to_string())]);
        assert!(v.on_beat(&b, t0).is_empty(), "its own beat is ignored");
    }
}
