/**
 * The preview: what ri-core computes for an RI and an object, bounded by a jq allowance and a limit on concurrent
 * previews.
 */
package io.kindred.registry.preview;
