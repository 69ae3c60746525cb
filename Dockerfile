# BillingBridge: build with the Swift toolchain, run on slim Ubuntu as a non-root user.
#   docker build -t billing-bridge .
#   docker run -p 8080:8080 -v bridge-data:/app/data -e STRIPE_WEBHOOK_SECRET=whsec_... \
#     -e FIRSTPROMOTER_API_KEY=... billing-bridge

# ---- build ----
FROM swift:6.3-noble AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Resolve first, so the dependency layer is cached across source changes.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
# The manifest names the test targets too, so their folders must be there to build.
COPY Tests ./Tests
COPY mappings ./mappings
# The same command .ci/run builds.
RUN swift build -c release --static-swift-stdlib --product billing-bridge
WORKDIR /staging
RUN cp "$(swift build --package-path /build -c release --show-bin-path)/billing-bridge" ./ \
    && cp "/usr/libexec/swift/linux/swift-backtrace-static" ./ \
    && cp -R /build/mappings ./mappings \
    && mkdir ./data

# ---- run ----
FROM ubuntu:noble
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libsqlite3-0 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --user-group --create-home --system --skel /dev/null --home-dir /app bridge
WORKDIR /app
COPY --from=build --chown=bridge:bridge /staging /app
# Crash reports with symbolicated backtraces, without an interactive debugger.
ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=./swift-backtrace-static
# The SQLite store (BRIDGE_DATABASE_URL defaults to sqlite://data/bridge.sqlite, under /app).
VOLUME /app/data
USER bridge:bridge
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${BRIDGE_PORT:-8080}/healthz" || exit 1
# SIGTERM (docker stop) shuts down gracefully: stop accepting, finish the call in flight.
STOPSIGNAL SIGTERM
ENTRYPOINT ["./billing-bridge"]
CMD ["serve"]
