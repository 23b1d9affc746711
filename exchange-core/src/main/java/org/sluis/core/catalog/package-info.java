/**
 * Datasets and the catalog: what providers publish, under which offers, and who may see it.
 *
 * <p>{@link org.sluis.core.catalog.DatasetReader} turns the body of {@code POST /v1/datasets} into a
 * {@link org.sluis.core.catalog.DatasetSpec}, reporting every problem by JSON Pointer;
 * {@link org.sluis.core.catalog.Iris} names participants, datasets, offers and agreements in ODRL.
 * Secrets in a {@link org.sluis.core.catalog.DataSource} are kept for storage only:
 * {@code publicJson()} never contains them.
 */
package org.sluis.core.catalog;
