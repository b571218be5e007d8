# The cmk-worker image: the shaded jar on a Java 17 runtime. One image serves every command
# (run, sandbox, submit, outcomes, app-registration, dlq); the default is the worker itself.
#
#   mvn -q -B -ntp package -DskipTests        # builds worker/target/cmk-worker.jar
#   docker build -t cmk-worker .
#   docker run --rm -e CMK_KAFKA_BOOTSTRAP_SERVERS=kafka:9092 -e CMK_WORKER_INSTANCE_ID=worker-1 ... cmk-worker
#
# Configuration comes from CMK_* environment variables (see the README's configuration table), or from a
# properties file mounted into the container and named with --config. Secrets belong in the environment
# (a Kubernetes Secret), never in the image.
FROM eclipse-temurin:17-jre

# curl for the container health check of the admin endpoints; nothing else is added.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home cmk

COPY worker/target/cmk-worker.jar /app/cmk-worker.jar

USER 10001
# The admin port (admin.port): /metrics, /health/live, /health/ready.
EXPOSE 8081
# SIGTERM (docker stop, a Kubernetes rolling update) hands work over and exits 0 within worker.drain.timeout;
# give the container at least that long to stop (docker stop -t, terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8081/health/live || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/cmk-worker.jar"]
CMD ["run"]
