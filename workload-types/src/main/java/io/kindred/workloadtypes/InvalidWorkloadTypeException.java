package io.kindred.workloadtypes;

/**
 * A workload-types record that cannot be applied: the message says what is wrong and where (the type name,
 * the version, the RI field path), and becomes the reason header of the dead-letter record.
 */
public class InvalidWorkloadTypeException extends Exception {

    public InvalidWorkloadTypeException(String message) {
        super(message);
    }

    public InvalidWorkloadTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
