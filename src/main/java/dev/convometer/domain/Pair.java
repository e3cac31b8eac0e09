package dev.convometer.domain;

/** The unit of billing state: the business phone number that sends and the customer's WhatsApp id. */
public record Pair(String businessId, String customerId) {
    public Pair {
        ContractViolation.requireNonEmpty(businessId, "business_id");
        ContractViolation.requireNonEmpty(customerId, "customer_id");
    }
}
