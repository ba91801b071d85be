/**
 * The outbox, pure: what an external effect is ({@link dev.loopreg.outbox.Delivery}), the state of every entry folded
 * from its events ({@link dev.loopreg.outbox.Outbox}: queued, attempts, dead letters, retries), what is due, what an
 * answer means (delivered, worth another try, refused for good), and the bodies loopreg sends. No files, clock or network.
 */
package dev.loopreg.outbox;
