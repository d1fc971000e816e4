/**
 * Integrity of stored files: SHA-256 computed while bytes pass ({@link
 * io.stowage.core.integrity.DigestingOutputStream}, {@link
 * io.stowage.core.integrity.DigestingInputStream}) and a {@link io.stowage.core.integrity.Manifest}
 * of every file's size and checksum that verify re-checks.
 */
package io.stowage.core.integrity;
