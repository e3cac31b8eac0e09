package dev.convometer.domain.pricing;

import java.time.LocalDate;

/**
 * WhatsApp's pricing eras (P-ERA). Each starts at local midnight of its first day in the account's time zone, so the
 * era is a function of the item's local date, never of the UTC instant. The wire name is the constant's name.
 */
public enum Era {
    LEGACY(LocalDate.MIN),
    CBP_2023(LocalDate.of(2023, 6, 1)),
    CBP_2024(LocalDate.of(2024, 11, 1)),
    PMP_2025(LocalDate.of(2025, 7, 1)),
    PMP_2026(LocalDate.of(2026, 10, 1));

    private final LocalDate firstDay;

    Era(LocalDate firstDay) {
        this.firstDay = firstDay;
    }

    /** The first local day of the era; {@link LocalDate#MIN} for LEGACY, which has no start. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** The last era whose first day is on or before {@code localDate}. */
    public static Era on(LocalDate localDate) {
        Era[] eras = values();
        for (int i = eras.length - 1; i > 0; i--) {
            if (!localDate.isBefore(eras[i].firstDay)) {
                return eras[i];
            }
        }
        return LEGACY;
    }

    /** Conversations are the priced unit (P-UNIT): LEGACY, CBP_2023, CBP_2024. */
    public boolean pricesConversations() {
        return this == LEGACY || cbp();
    }

    /** Business messages are the priced unit (P-UNIT): PMP_2025, PMP_2026. */
    public boolean pricesMessages() {
        return !pricesConversations();
    }

    /** A conversation-based pricing era proper; LEGACY is unpriced, so a conversation of it spans nothing (P-PMP-SPAN). */
    public boolean cbp() {
        return this == CBP_2023 || this == CBP_2024;
    }

    public String wireName() {
        return name();
    }
}
