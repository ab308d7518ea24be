# The release hmsd in a small image, run as a non-root user, the journal on a
# volume. See docs/operations.md ("Containers").
#   docker build -t hmsd .
#   docker run -d --name hmsd -p 7878:7878 -v hms-data:/var/lib/hms \
#       -e HMS_TOKEN="$(openssl rand -hex 32)" hmsd
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p hmsd \
 && strip target/release/hmsd \
 # The embedded tree, listening on every address (so a token is required), logging JSON.
 && { cat configs/default.toml; printf '\n[daemon]\nlisten = "0.0.0.0:7878"\n[daemon.logging]\nformat = "json"\n'; } > hmsd.toml \
 && target/release/hmsd check-config hmsd.toml

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/hms --shell /usr/sbin/nologin hms \
 && install -d -o hms -g hms -m 0700 /var/lib/hms
COPY --from=build /src/target/release/hmsd /usr/local/bin/hmsd
COPY --from=build /src/hmsd.toml /etc/hms/hmsd.toml
USER hms:hms
VOLUME /var/lib/hms
EXPOSE 7878
# SIGTERM: stop accepting, finish calls in flight (10 s grace), close the journal.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/hmsd", "--config", "/etc/hms/hmsd.toml", "--data-dir", "/var/lib/hms"]
