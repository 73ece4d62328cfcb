# Switchyard in a container: built from the same Debian packages as a developer machine.
#   docker build -t switchyard .
#   docker run --rm -p 8080:8080 -p 9090:9090 -v $PWD/config:/etc/switchyard switchyard
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ cmake make pkg-config libuv1-dev libhttp-parser-dev libsimdjson-dev libyaml-cpp-dev \
      libcurl4-openssl-dev libssl-dev libsqlite3-dev libgtest-dev libgmock-dev \
      libbenchmark-dev libconcurrentqueue-dev libnghttp2-dev ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHYARD_TESTS=OFF \
      -DSWITCHYARD_BENCH=OFF && cmake --build /build -j"$(nproc)" --target switchyard

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libuv1 libhttp-parser2.9 libnghttp2-14 libsimdjson14 libyaml-cpp0.7 libcurl4 libsqlite3-0 \
      ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/switchyard switchyard \
    && mkdir -p /var/lib/switchyard && chown switchyard /var/lib/switchyard
COPY --from=build /build/switchyard /usr/local/bin/switchyard
USER switchyard
WORKDIR /var/lib/switchyard
EXPOSE 8080 9090
ENTRYPOINT ["switchyard"]
CMD ["run", "-c", "/etc/switchyard/switchyard.yaml"]
