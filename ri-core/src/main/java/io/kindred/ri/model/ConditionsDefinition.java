package io.kindred.ri.model;

/**
 * jq path to the workload's conditions and the names of the fields inside each condition. Absent field names take
 * the CRD defaults {@code type}, {@code status}, {@code message} and {@code reason}.
 */
public record ConditionsDefinition(
        String path,
        String typeFieldName,
        String statusFieldName,
        String messageFieldName,
        String reasonFieldName) {

    public static final String DEFAULT_TYPE_FIELD = "type";
    public static final String DEFAULT_STATUS_FIELD = "status";
    public static final String DEFAULT_MESSAGE_FIELD = "message";
    public static final String DEFAULT_REASON_FIELD = "reason";

    public ConditionsDefinition {
        typeFieldName = typeFieldName == null ? DEFAULT_TYPE_FIELD : typeFieldName;
        statusFieldName = statusFieldName == null ? DEFAULT_STATUS_FIELD : statusFieldName;
        messageFieldName = messageFieldName == null ? DEFAULT_MESSAGE_FIELD : messageFieldName;
        reasonFieldName = reasonFieldName == null ? DEFAULT_REASON_FIELD : reasonFieldName;
    }

    /** A definition with the default field names. */
    public static ConditionsDefinition at(String path) {
        return new ConditionsDefinition(path, null, null, null, null);
    }
}
