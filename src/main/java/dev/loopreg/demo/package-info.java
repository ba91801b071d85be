/**
 * {@code loopreg demo} (shell): builds a workspace with {@code init}, a synthetic fleet of real git repositories
 * ({@link dev.loopreg.demo.DemoGit}) and a seeded first-order world ({@link dev.loopreg.demo.World}: loops creating
 * tasks and duplicates, agents running sessions, pull requests merged, people rescuing stuck sessions), then runs the
 * regulator's real collect and evaluate every simulated hour while a scripted operator
 * ({@link dev.loopreg.demo.Operator}, a pure policy) approves, applies and rotates what the regulator recommends.
 * The numbers of the story live in {@link dev.loopreg.demo.Scenario}; the outcome is a {@link dev.loopreg.demo.Timeline}.
 */
package dev.loopreg.demo;
