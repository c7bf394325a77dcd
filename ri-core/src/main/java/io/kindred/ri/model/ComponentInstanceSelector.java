package io.kindred.ri.model;

/** jq path on a pod giving the id of the component instance the pod belongs to. */
public record ComponentInstanceSelector(String idPath) {
}
