package io.kindred.registry.workloadtypes;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Run:ai's WorkloadTypeUpdateFields (PUT body), a partial update: a field that is absent stays as it is, which is
 * why each setter records that its field was present. {@code name} and {@code group} are accepted only to be
 * compared: they cannot change.
 */
public class WorkloadTypeUpdateFields {

    private String categoryId;
    private boolean categoryIdPresent;
    private String priorityId;
    private boolean priorityIdPresent;
    private String preemptibility;
    private boolean preemptibilityPresent;
    private List<JsonNode> resourceInterfaces;
    private boolean resourceInterfacesPresent;
    private String name;
    private boolean namePresent;
    private String group;
    private boolean groupPresent;

    @JsonSetter("categoryId")
    void setCategoryId(String categoryId) {
        this.categoryId = categoryId;
        this.categoryIdPresent = true;
    }

    @JsonSetter("priorityId")
    void setPriorityId(String priorityId) {
        this.priorityId = priorityId;
        this.priorityIdPresent = true;
    }

    @JsonSetter("preemptibility")
    void setPreemptibility(String preemptibility) {
        this.preemptibility = preemptibility;
        this.preemptibilityPresent = true;
    }

    @JsonSetter("resourceInterfaces")
    void setResourceInterfaces(List<JsonNode> resourceInterfaces) {
        this.resourceInterfaces = resourceInterfaces;
        this.resourceInterfacesPresent = true;
    }

    @JsonSetter("name")
    void setName(String name) {
        this.name = name;
        this.namePresent = true;
    }

    @JsonSetter("group")
    void setGroup(String group) {
        this.group = group;
        this.groupPresent = true;
    }

    public String categoryId() {
        return categoryId;
    }

    public boolean hasCategoryId() {
        return categoryIdPresent;
    }

    public String priorityId() {
        return priorityId;
    }

    public boolean hasPriorityId() {
        return priorityIdPresent;
    }

    public String preemptibility() {
        return preemptibility;
    }

    public boolean hasPreemptibility() {
        return preemptibilityPresent;
    }

    public List<JsonNode> resourceInterfaces() {
        return resourceInterfaces;
    }

    public boolean hasResourceInterfaces() {
        return resourceInterfacesPresent;
    }

    public String name() {
        return name;
    }

    public boolean hasName() {
        return namePresent;
    }

    public String group() {
        return group;
    }

    public boolean hasGroup() {
        return groupPresent;
    }
}
