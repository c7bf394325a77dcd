package io.kindred.devstack.registry;

/**
 * A request the registry refuses, carried to the HTTP layer as an Apicurio-style problem body:
 * {@code {"status": 404, "name": "ArtifactNotFoundException", "title": "...", "detail": "..."}}.
 */
final class RegistryProblem extends RuntimeException {

    private final int status;
    private final String name;

    RegistryProblem(int status, String name, String message) {
        super(message);
        this.status = status;
        this.name = name;
    }

    static RegistryProblem badRequest(String message) {
        return new RegistryProblem(400, "BadRequestException", message);
    }

    static RegistryProblem notFound(String name, String message) {
        return new RegistryProblem(404, name, message);
    }

    static RegistryProblem conflict(String name, String message) {
        return new RegistryProblem(409, name, message);
    }

    int status() {
        return status;
    }

    String name() {
        return name;
    }
}
