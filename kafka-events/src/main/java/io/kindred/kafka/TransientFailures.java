package io.kindred.kafka;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;

import com.microsoft.kiota.ApiException;

/**
 * Tells a failure to decode a record that will go away (the schema registry or the broker is unreachable or
 * overloaded) from one that will not (the bytes are not a Kindred event, the schema id is unknown). Only the second
 * kind makes a record poison; the first must never send a valid record to the dead-letter topic or drop it from the
 * state store.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++) {
            // Network-level failures only: an EOFException or other IOException from the Avro decoder means the
            // bytes are bad, and retrying a bad record forever would stall the input.
            if (cause instanceof SocketException || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof HttpTimeoutException
                    || cause instanceof TimeoutException || cause instanceof RetriableException) {
                return true;
            }
            if (cause instanceof ApiException api) {
                int status = api.getResponseStatusCode();
                return status == 0 || status == 408 || status == 429 || status >= 500;
            }
            if (cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        return false;
    }
}
