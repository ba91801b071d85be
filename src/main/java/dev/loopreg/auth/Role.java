package dev.loopreg.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person or an API token may do on the server: a {@code viewer} reads; an {@code approver} also approves,
 * rejects and applies what the regulator recommends; an {@code operator} also demotes, rotates, revisits and
 * acknowledges urgent tasks. Each role
 * may do everything the one before it may.
 */
public enum Role {
    VIEWER, APPROVER, OPERATOR;

    /** The actions of the API, each with the least role that may take it. */
    public enum Action {
        APPROVE(APPROVER), REJECT(APPROVER), APPLY(APPROVER), DEMOTE(OPERATOR), ROTATE(OPERATOR), REVISIT(OPERATOR),
        ACKNOWLEDGE(OPERATOR);

        private final Role least;

        Action(Role least) {
            this.least = least;
        }

        /** The least role that may take this action. */
        public Role least() {
            return least;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether this role may take {@code a}. */
    public boolean may(Action a) {
        return compareTo(a.least()) >= 0;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code word} ({@code viewer}, {@code approver}, {@code operator}), if it is one. */
    public static Optional<Role> parse(String word) {
        return Arrays.stream(values()).filter(r -> r.word().equals(word)).findFirst();
    }

    /** "viewer, approver or operator". */
    public static String choices() {
        return "viewer, approver or operator";
    }
}
