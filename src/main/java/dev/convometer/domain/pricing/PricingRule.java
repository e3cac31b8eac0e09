package dev.convometer.domain.pricing;

/** The rule IDs of PRICING.md section 7 that decide a priced item (7.8 {@code pricing_rule}). P-FREE-TIER and P-PMP-FREE-TIER are the counters'. */
public enum PricingRule {
    P_LEGACY("P-LEGACY"),
    P_CBP_FEP("P-CBP-FEP"),
    P_CBP_SERVICE_FREE("P-CBP-SERVICE-FREE"),
    P_CBP_REGULAR("P-CBP-REGULAR"),
    P_PMP_FEP("P-PMP-FEP"),
    P_PMP_SPAN("P-PMP-SPAN"),
    P_PMP_CSW("P-PMP-CSW"),
    P_PMP_REGULAR("P-PMP-REGULAR"),
    P_FREE_TIER("P-FREE-TIER"),
    P_PMP_FREE_TIER("P-PMP-FREE-TIER");

    private final String id;

    PricingRule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
