package dev.convometer.domain;

/** What a conversation is billed as. Templates carry one of the first three. */
public enum Category implements WireName {
    MARKETING("marketing"),
    UTILITY("utility"),
    AUTHENTICATION("authentication"),
    SERVICE("service"),
    FREE_ENTRY_POINT("free_entry_point");

    private final String wireName;

    Category(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public boolean billable() {
        return this != FREE_ENTRY_POINT;
    }

    /** A template's category: only marketing, utility and authentication are valid. */
    public static Category templateCategory(String name) {
        if (name == null) {
            throw new ContractViolation("template without category");
        }
        Category category = WireName.find(new Category[] {MARKETING, UTILITY, AUTHENTICATION}, name);
        if (category != null) {
            return category;
        }
        throw new ContractViolation("unknown template category '" + name + "'");
    }
}
