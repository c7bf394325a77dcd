package io.kindred.scheduleradapter.workloadtypes;

import io.kindred.ri.model.GroupVersionKind;
import io.kindred.scheduleradapter.gang.PolicyResolver.TypeDefaults;
import io.kindred.workloadtypes.KindBinding;
import io.kindred.workloadtypes.WorkloadTypeTable;
import io.kindred.workloadtypes.WorkloadTypeTable.RegisteredType;
import java.util.List;

/**
 * The adapter's view of the shared {@link WorkloadTypeTable} (module workload-types, the same table and acceptance
 * rules as the status mapper's): lookups by (group, version, kind) with the type's scheduling defaults.
 */
public final class RegisteredTypes implements TypeDirectory {

    private final WorkloadTypeTable table;

    public RegisteredTypes(WorkloadTypeTable table) {
        this.table = table;
    }

    @Override
    public RegisteredKind kind(String group, String version, String kind) {
        RegisteredType type = table.get(kind);
        KindBinding binding = type == null ? null : type.binding(group, version);
        return binding == null ? null : new RegisteredKind(type.name(), binding.revision(), binding.resourceInterface(),
                new TypeDefaults(type.priorityName(), type.preemptibility()));
    }

    @Override
    public boolean isRegistered(String group, String kind) {
        RegisteredType type = table.get(kind);
        return type != null && type.group().equals(group == null ? "" : group);
    }

    /** Every registered (group, version, kind). */
    public List<GroupVersionKind> kinds() {
        return table.all().stream().flatMap(t -> t.versions().keySet().stream()
                .map(v -> new GroupVersionKind(t.group(), v, t.name()))).toList();
    }

    public int size() {
        return table.size();
    }
}
