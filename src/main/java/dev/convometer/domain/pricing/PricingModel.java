package dev.convometer.domain.pricing;

/** The unit a charge is counted in: per conversation (CBP, LEGACY too) or per message (PMP). Wire name = constant name. */
public enum PricingModel {
    CBP,
    PMP;

    public String wireName() {
        return name();
    }

    /** The rate card's spelling, exact (case-sensitive), or null. */
    static PricingModel fromWire(String name) {
        for (PricingModel model : values()) {
            if (model.name().equals(name)) {
                return model;
            }
        }
        return null;
    }
}
