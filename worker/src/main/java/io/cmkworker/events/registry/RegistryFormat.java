package io.cmkworker.events.registry;

import io.apicurio.registry.resolver.client.RegistryClientFacadeFactory;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;
import io.cmkworker.config.RegistrySettings;
import io.cmkworker.config.TopicNames;
import io.cmkworker.events.AvroCodec;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.events.WireFormat;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Requests and outcomes in the Schema Registry wire format, written and read by Apicurio Registry's Kafka Avro serde
 * with the framing of Confluent's serializers: a zero byte, the schema's 4-byte content ID (the ID the registry's
 * Confluent-compatible API gives), the Avro body; subject {@code <topic>-value}; no headers. It also reads Avro
 * single-object encoding ({@code C3 01}), by the first byte, so upstream producers can move to the registry one at
 * a time.
 *
 * <p>A side that writes registers its schema first ({@link #registerOutcomes}, {@link #registerRequests}): the serde
 * never registers anything itself, it looks the schema up. A schema ID is looked up once, then cached (and the
 * cache is kept if a refresh fails), so a registry outage only touches records with an ID not seen before: those are
 * dead-lettered, saying so, and replay once the registry answers. An ID the registry does not have is remembered
 * for a minute, so a burst of such records does not call it for each.
 */
public final class RegistryFormat implements WireFormat {

    /**
     * The compatibility rule a new subject gets. contracts/wire-format.md asks every change to keep old and new
     * readers working, both directions: a new field needs a default (new readers read old records: backward), a
     * field without a default is never removed and enum symbols are only added, with the enum's default (old
     * readers read new records: forward). That is FULL; BACKWARD alone would let a writer drop a field old readers
     * need.
     */
    public static final String COMPATIBILITY_RULE = "FULL";

    private static final Duration REMEMBER_UNKNOWN = Duration.ofMinutes(1);

    private final RegistrySettings settings;
    private final TopicNames topics;
    private final Codecs codecs;
    private final Clock clock;
    private final Map<String, Object> serde;
    private final AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>();
    private final AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
    private final Default4ByteIdHandler ids = new Default4ByteIdHandler();
    private final Set<Long> read = ConcurrentHashMap.newKeySet();
    private final Map<Long, Instant> unknownUntil = new ConcurrentHashMap<>();

    /**
     * @param codecs what single-object encoded records are read with
     */
    public RegistryFormat(RegistrySettings settings, TopicNames topics, Codecs codecs, Clock clock) {
        this.settings = settings;
        this.topics = topics;
        this.codecs = codecs;
        this.clock = clock;
        this.serde = serdeConfig(settings);
        serializer.configure(serde, false);
        deserializer.configure(serde, false);
        ids.configure(serde, false);
    }

    /**
     * The serde's settings: the operator's client settings ({@code schemas.registry.*}), then the ones that make the
     * wire format what contracts/wire-format.md says, which the configuration cannot override.
     */
    public static Map<String, Object> serdeConfig(RegistrySettings settings) {
        Map<String, Object> config = new HashMap<>();
        settings.properties().forEach((key, value) -> config.put("apicurio.registry." + key, value));
        // A cached schema ID stays in use when the registry does not answer a refresh.
        config.putIfAbsent(SerdeConfig.FAULT_TOLERANT_REFRESH, "true");
        config.put(SerdeConfig.REGISTRY_URL, settings.url().toString());
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, "false");
        config.put(SerdeConfig.FIND_LATEST_ARTIFACT, "false");
        // The whole schema, nested records inline, as the .avsc files and Confluent's clients have it; without this the
        // serde looks up the nested records as separate artifacts, and the schema text registered at start.
        config.put(SerdeConfig.DEREFERENCE_SCHEMA, "true");
        config.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, TopicIdStrategy.class.getName());
        config.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, IdOption.contentId.name());
        config.put(KafkaSerdeConfig.ENABLE_HEADERS, "false");
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, ResolvingDatumProvider.class.getName());
        return config;
    }

    /**
     * Registers the outcome schema under {@code <topics.outcomes>-value} and checks that it reads back: what a worker
     * does at start, before it publishes anything. The requests' subject, if upstream created it without a
     * compatibility rule, gets one too: the worker is the reader the rule protects.
     *
     * @throws IncompatibleSchemaException if the subject's compatibility rule refuses it
     */
    public void registerOutcomes() {
        SubjectRegistrar registrar = registrar();
        registrar.register(subject(topics.outcomes()), OnboardingOutcome.getClassSchema());
        registrar.ensureRule(subject(topics.requests()));
        OnboardingOutcome probe = OnboardingOutcome.newBuilder().setRequestId("").setOrgId("").setConfigName("")
                .setStatus(io.cmkworker.events.OutcomeStatus.ERROR).setReason("").setAttempts(0)
                .setStartedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build();
        roundTrip(topics.outcomes(), probe, OnboardingOutcome.class);
    }

    /** Registers the request schema under {@code <topics.requests>-value}: what {@code submit} does before it publishes. */
    public void registerRequests() {
        registrar().register(subject(topics.requests()), OnboardingRequest.getClassSchema());
        OnboardingRequest probe = OnboardingRequest.newBuilder().setRequestId("").setOrgId("").setRegion("")
                .setConfigName("").setKeyVaultKeyIdentifier("").setCredentialRef("").setRequestedAt(Instant.EPOCH)
                .build();
        roundTrip(topics.requests(), probe, OnboardingRequest.class);
    }

    /** Writes and reads a probe through the serde: its caches then hold the schema ID, and the ID is known to work. */
    private void roundTrip(String topic, SpecificRecordBase probe, Class<? extends SpecificRecordBase> type) {
        try {
            read(topic, write(topic, probe), type, codecFor(type));
        } catch (UndecodableRecordException e) {
            throw new IllegalStateException("the schema registry at " + settings.url() + " does not give back the "
                    + type.getSimpleName() + " schema just registered: " + e.getMessage(), e);
        }
    }

    private SubjectRegistrar registrar() {
        Object client = RegistryClientFacadeFactory.create(new SerdeConfig(serde)).getClient();
        if (!(client instanceof RegistryClient v3)) {
            throw new IllegalStateException("schemas.registry.url must be an Apicurio Registry with the v3 API (for"
                    + " example http://registry:8080 or http://registry:8080/apis/registry/v3), not " + settings.url());
        }
        return new SubjectRegistrar(v3, settings.url());
    }

    static String subject(String topic) {
        return topic + "-value";
    }

    @Override
    public OnboardingRequest readRequest(byte[] value) throws UndecodableRecordException {
        return read(topics.requests(), value, OnboardingRequest.class, codecs.request());
    }

    @Override
    public OnboardingOutcome readOutcome(byte[] value) throws UndecodableRecordException {
        return read(topics.outcomes(), value, OnboardingOutcome.class, codecs.outcome());
    }

    @Override
    public byte[] writeRequest(OnboardingRequest request) {
        return write(topics.requests(), request);
    }

    @Override
    public byte[] writeOutcome(OnboardingOutcome outcome) {
        return write(topics.outcomes(), outcome);
    }

    /** Reads a request whose schema ID has been read before (its schema is cached), or one single-object encoded. */
    @Override
    public Optional<OnboardingRequest> peekRequest(byte[] value) {
        try {
            if (value != null && value.length > 0 && value[0] == 0 && !read.contains(contentIdOf(value))) {
                return Optional.empty();
            }
            return Optional.of(readRequest(value));
        } catch (UndecodableRecordException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return "the Schema Registry wire format (registry at " + settings.url() + ")";
    }

    private byte[] write(String topic, SpecificRecordBase event) {
        try {
            return serializer.serialize(topic, event);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot write " + event.getSchema().getName() + " to " + topic + " in the"
                    + " Schema Registry wire format (registry at " + settings.url() + "): " + RegistryErrors.summary(e),
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecordBase> AvroCodec<T> codecFor(Class<T> type) {
        return (AvroCodec<T>) (type == OnboardingRequest.class ? codecs.request() : codecs.outcome());
    }

    private <T> T read(String topic, byte[] value, Class<T> type, AvroCodec<?> singleObject)
            throws UndecodableRecordException {
        String name = type.getSimpleName();
        if (value == null || value.length == 0) {
            throw new UndecodableRecordException("empty value: expected an " + name + " in the Schema Registry wire"
                    + " format or in Avro single-object encoding", null);
        }
        if ((value[0] & 0xff) == 0xC3) {
            return type.cast(singleObject.decode(value));
        }
        if (value[0] != 0) {
            throw new UndecodableRecordException(String.format("neither the Schema Registry wire format (a zero byte,"
                    + " then the 4-byte schema ID) nor Avro single-object encoding (C3 01, then the schema"
                    + " fingerprint): the value starts with byte %02x (see contracts/wire-format.md)", value[0]), null);
        }
        long id;
        try {
            id = contentIdOf(value);
        } catch (BufferUnderflowException e) {
            throw new UndecodableRecordException("the value ends within its 4-byte schema ID", e);
        }
        Instant until = unknownUntil.get(id);
        if (until != null && clock.instant().isBefore(until)) {
            throw new UndecodableRecordException(noSuchId(id), null);
        }
        Object decoded;
        try {
            decoded = deserializer.deserialize(topic, value);
        } catch (RuntimeException e) {
            throw undecodable(name, id, e);
        }
        if (!type.isInstance(decoded)) {
            throw new UndecodableRecordException("schema ID " + id + " in the registry at " + settings.url() + " is "
                    + (decoded == null ? "nothing" : decoded.getClass().getSimpleName()) + ", not " + name, null);
        }
        read.add(id);
        return type.cast(decoded);
    }

    private UndecodableRecordException undecodable(String name, long id, RuntimeException e) {
        Integer status = RegistryErrors.problem(e).map(p -> p.getStatus()).orElse(null);
        if (status != null && status == 404) {
            unknownUntil.put(id, clock.instant().plus(REMEMBER_UNKNOWN));
            return new UndecodableRecordException(noSuchId(id), e);
        }
        if (status != null || RegistryErrors.unreachable(e)) {
            return new UndecodableRecordException("the schema registry at " + settings.url() + " did not give the"
                    + " schema of ID " + id + " (" + RegistryErrors.summary(e) + "); replay the record once it does", e);
        }
        return new UndecodableRecordException("cannot decode " + name + " written with schema ID " + id + ": "
                + RegistryErrors.summary(e), e);
    }

    private String noSuchId(long id) {
        return "the schema registry at " + settings.url() + " has no schema with ID " + id;
    }

    /** The content ID after the zero byte, read by the serde's own ID handler. */
    private long contentIdOf(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        buffer.get();
        return ids.readId(buffer).getContentId();
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
