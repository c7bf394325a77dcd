package io.kindred.ri.catalog;

/**
 * The built-in catalog cannot be loaded: a listed file is missing, unreadable, not a valid Resource Interface, or
 * inconsistent with the other files. The message names the file.
 */
public class CatalogException extends RuntimeException {

    private final String fileName;

    public CatalogException(String fileName, String message) {
        super(fileName == null ? message : fileName + ": " + message);
        this.fileName = fileName;
    }

    public CatalogException(String fileName, String message, Throwable cause) {
        super(fileName == null ? message : fileName + ": " + message, cause);
        this.fileName = fileName;
    }

    /** The catalog file at fault, or {@code null} when the problem is the index itself. */
    public String getFileName() {
        return fileName;
    }
}
