package io.kindred.kafka;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * The Apicurio Avro deserializer with {@link EventDatumProvider} already set, returning Kindred's generated event
 * classes; see {@link EventSerializer} for why configuration by class name needs it.
 */
public class EventDeserializer<T> extends AvroKafkaDeserializer<T> {

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> pinned = new HashMap<>(configs);
        pinned.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, EventDatumProvider.class);
        super.configure(pinned, isKey);
    }
}
