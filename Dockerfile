# The billing service's image: `run` on a JRE, from the service jar (no Kafka broker, no test driver).
# Build context: the project root (docker-compose.yml sets it). Stage one builds the jars, stage two keeps the service jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY schemas schemas
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/convo-meter-service.jar /app/lib/convo-meter-service.jar
COPY bin/convo-meter /app/bin/convo-meter
RUN useradd --system --home /app convo && mkdir -p /var/lib/convo-meter && chown convo /var/lib/convo-meter
USER convo
ENV CONVO_METER_STATE_DIR=/var/lib/convo-meter
EXPOSE 8080
# The launcher gives the service its JVM options (-Xmx1g -XX:+UseSerialGC -XX:FreqInlineSize=100); override them with
# docker run -e CONVO_METER_HEAP_OPTS=... or add flags with -e JAVA_OPTS=...
ENTRYPOINT ["/app/bin/convo-meter", "run"]
