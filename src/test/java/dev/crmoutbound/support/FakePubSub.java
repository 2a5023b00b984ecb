package dev.crmoutbound.support;

import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ConsumerEvent;
import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.ProducerEvent;
import com.salesforce.eventbus.protobuf.PubSubGrpc;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import com.salesforce.eventbus.protobuf.SchemaInfo;
import com.salesforce.eventbus.protobuf.SchemaRequest;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A local Salesforce Pub/Sub API (gRPC, plaintext) with one Platform Event topic,
 * {@code /event/AI_Call_Request__e}, whose events carry a record id in {@code Record_Id__c}, Avro
 * encoded with the schema it serves. Events are kept, so a subscriber can resume from a replay id.
 */
public final class FakePubSub implements AutoCloseable {

    public static final String TOPIC = "/event/AI_Call_Request__e";
    static final String SCHEMA_ID = "schema-ai-call-request-1";
    static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"AI_Call_Request__e\","
            + "\"namespace\":\"com.sforce.eventbus\",\"fields\":[{\"name\":\"CreatedDate\",\"type\":\"long\"},"
            + "{\"name\":\"CreatedById\",\"type\":\"string\"},"
            + "{\"name\":\"Record_Id__c\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

    private final Server server;
    private final List<ConsumerEvent> events = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<String> fetches = new CopyOnWriteArrayList<>();

    private FakePubSub() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Service()).build().start();
    }

    public static FakePubSub start() throws IOException {
        return new FakePubSub();
    }

    /** Subscribes the app to this server's topic, without TLS. */
    public Map<String, String> addSubscriptionSettings(Map<String, String> settings) {
        settings.put("salesforce.pubsub-topic", TOPIC);
        settings.put("salesforce.pubsub-host", "127.0.0.1");
        settings.put("salesforce.pubsub-port", String.valueOf(port()));
        settings.put("salesforce.pubsub-plaintext", "true");
        return settings;
    }

    public int port() {
        return server.getPort();
    }

    /** What each subscription asked for: "LATEST", "EARLIEST" or "CUSTOM after <n>". */
    public List<String> fetches() {
        return List.copyOf(fetches);
    }

    public int subscriberCount() {
        return (int) subscriptions.stream().filter(s -> !s.closed).count();
    }

    private volatile long retainedAfter;

    /** Publishes an event asking to call this record; returns its replay id (1, 2, ...). */
    public synchronized long publish(String recordId) throws IOException {
        long replayId = events.size() + 1;
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("CreatedDate", System.currentTimeMillis());
        record.put("CreatedById", "005000000000001AAA");
        record.put("Record_Id__c", recordId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
        encoder.flush();
        ConsumerEvent event = ConsumerEvent.newBuilder().setReplayId(replayId(replayId))
                .setEvent(ProducerEvent.newBuilder().setId(UUID.randomUUID().toString()).setSchemaId(SCHEMA_ID)
                        .setPayload(ByteString.copyFrom(out.toByteArray())))
                .build();
        events.add(event);
        subscriptions.forEach(Subscription::deliver);
        return replayId;
    }

    /** Events up to this replay id are past the retention window: resuming after one of them fails. */
    public void expireUpTo(long replayId) {
        retainedAfter = replayId;
    }

    private static ByteString replayId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n).array());
    }

    private final class Service extends PubSubGrpc.PubSubImplBase {

        @Override
        public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> answer) {
            answer.onNext(SchemaInfo.newBuilder().setSchemaId(SCHEMA_ID).setSchemaJson(SCHEMA.toString()).build());
            answer.onCompleted();
        }

        @Override
        public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> responses) {
            Subscription subscription = new Subscription(responses);
            subscriptions.add(subscription);
            return subscription;
        }
    }

    /** One subscriber's stream: where it is in the event log and how many events it still asked for. */
    private final class Subscription implements StreamObserver<FetchRequest> {
        private final StreamObserver<FetchResponse> responses;
        private int next = -1;
        private int requested;
        private volatile boolean closed;

        Subscription(StreamObserver<FetchResponse> responses) {
            this.responses = responses;
        }

        @Override
        public synchronized void onNext(FetchRequest request) {
            if (next < 0) {
                ReplayPreset preset = request.getReplayPreset();
                if (preset == ReplayPreset.CUSTOM) {
                    long after = ByteBuffer.wrap(request.getReplayId().toByteArray()).getLong();
                    fetches.add("CUSTOM after " + after);
                    if (after <= retainedAfter) {
                        // past the event bus's retention: what Salesforce answers for a replay id it cannot use
                        io.grpc.Metadata trailers = new io.grpc.Metadata();
                        trailers.put(io.grpc.Metadata.Key.of("error-code", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                                "sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted");
                        closed = true;
                        responses.onError(io.grpc.Status.INVALID_ARGUMENT
                                .withDescription("The Replay ID validation failed.").asRuntimeException(trailers));
                        return;
                    }
                    next = (int) after;
                } else {
                    fetches.add(preset.name());
                    next = preset == ReplayPreset.EARLIEST ? 0 : events.size();
                }
            }
            requested += request.getNumRequested();
            deliver();
        }

        synchronized void deliver() {
            if (closed || next < 0) {
                return;
            }
            List<ConsumerEvent> batch = new ArrayList<>();
            while (requested > 0 && next < events.size()) {
                batch.add(events.get(next++));
                requested--;
            }
            if (!batch.isEmpty()) {
                responses.onNext(FetchResponse.newBuilder().addAllEvents(batch).setRpcId(UUID.randomUUID().toString())
                        .setLatestReplayId(batch.get(batch.size() - 1).getReplayId()).setPendingNumRequested(requested)
                        .build());
            }
        }

        @Override
        public void onError(Throwable t) {
            closed = true;
        }

        @Override
        public void onCompleted() {
            closed = true;
            responses.onCompleted();
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
