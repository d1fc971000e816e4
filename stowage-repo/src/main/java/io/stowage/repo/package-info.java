/**
 * A repository of backups on any {@link io.stowage.core.storage.Storage}: each backup is a custom
 * archive, its manifest and its metadata under {@code backups/<key>/}, written by
 * {@link io.stowage.repo.Repository#backup} and listed, shown, restored and deleted by key.
 */
package io.stowage.repo;
