package io.kindred.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The Apicurio Avro serializer with {@link EventDatumProvider} already set, for configuration by class name (e.g. a
 * SmallRye Reactive Messaging channel's {@code value.serializer}). Naming the provider by a string there does not
 * work under a class-loader hierarchy (Quarkus tests, some fat jars): Apicurio loads the name through another loader
 * and refuses it as not an {@code AvroDatumProvider}; this class hands it the class object instead.
 */
public class EventSerializer<T> extends AvroKafkaSerializer<T> {

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> pinned = new HashMap<>(configs);
        pinned.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, EventDatumProvider.class);
        super.configure(pinned, isKey);
    }
}
