package io.kindred.registry.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Start-up seeding ({@code kindred.catalog.*}, see {@link CatalogSeeder}). */
@ConfigMapping(prefix = "kindred.catalog")
public interface CatalogConfig {

    /** Seed the built-in workload types of ri-core's catalog (categories and priorities are always seeded). */
    @WithDefault("true")
    boolean seedBuiltins();
}
