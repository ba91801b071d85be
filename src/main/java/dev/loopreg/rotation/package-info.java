/**
 * Repo rotation on diminishing returns (ADR-004): the rotation policy's knobs. The saturation signals,
 * roster moves and earned automation build on this (issue 4).
 */
package dev.loopreg.rotation;
