package dev.convometer.domain.pricing;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked history of one business number: its versions, the undated one (if any) first, then by valid_from. A new
 * record replaces the whole history; a tombstone deletes it (the defaults apply again).
 */
public record AccountHistory(String businessId, List<AccountVersion> versions) {
    private static final Comparator<AccountVersion> BY_VALID_FROM =
            Comparator.comparing(AccountVersion::validFrom, Comparator.nullsFirst(Comparator.naturalOrder()));

    public AccountHistory {
        if (businessId == null || businessId.isEmpty() || versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("an account history needs a business_id and a version");
        }
        versions = versions.stream().sorted(BY_VALID_FROM).toList();
    }

    /** Checks a draft (P-ACCOUNT); throws {@link InvalidAccount} with what is wrong, the first problem found. */
    public static AccountHistory of(AccountDraft draft) {
        if (draft.businessId() == null || draft.businessId().isEmpty()) {
            throw new InvalidAccount("business_id is missing or empty");
        }
        if (draft.versions() == null) {
            throw new InvalidAccount("versions is missing");
        }
        if (draft.versions().isEmpty()) {
            throw new InvalidAccount("versions is empty");
        }
        List<AccountVersion> versions = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>(); // valid_from -> index; the null key is "absent", one value
        for (int i = 0; i < draft.versions().size(); i++) {
            AccountVersion version = version(i, draft.versions().get(i));
            Integer earlier = seen.putIfAbsent(version.validFrom(), i);
            if (earlier != null) {
                String when = version.validFrom() == null ? "an absent valid_from"
                        : "valid_from " + Instant.ofEpochMilli(version.validFrom());
                throw new InvalidAccount("versions[" + earlier + "] and versions[" + i + "] share " + when);
            }
            versions.add(version);
        }
        return new AccountHistory(draft.businessId(), versions);
    }

    private static AccountVersion version(int i, AccountDraft.Version draft) {
        String at = "versions[" + i + "].";
        if (draft == null) {
            throw InvalidAccount.versionNotAnObject(i);
        }
        if (draft.wabaId() == null || draft.wabaId().isEmpty()) {
            throw new InvalidAccount(at + "waba_id is missing or empty");
        }
        if (draft.portfolioId() != null && draft.portfolioId().isEmpty()) {
            throw new InvalidAccount(at + "portfolio_id is empty");
        }
        if (draft.timeZone() == null) {
            throw new InvalidAccount(at + "time_zone is missing");
        }
        ZoneId zone = AccountVersion.zoneOf(draft.timeZone());
        if (zone == null) {
            throw new InvalidAccount(at + "time_zone '" + draft.timeZone() + "' is not an IANA time zone name");
        }
        if (draft.currency() == null) {
            throw new InvalidAccount(at + "currency is missing");
        }
        String currency = AccountVersion.currencyOf(draft.currency());
        if (currency == null) {
            throw new InvalidAccount(at + "currency '" + draft.currency() + "' is not three capital letters");
        }
        String portfolio = draft.portfolioId() == null ? draft.wabaId() : draft.portfolioId();
        return new AccountVersion(draft.validFrom(), draft.wabaId(), portfolio, zone, currency);
    }

    /** P-ACCOUNT: the version with the greatest valid_from <= t (an undated one is always valid); null before all. */
    public AccountVersion versionAt(long t) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            AccountVersion version = versions.get(i);
            if (version.validFrom() == null || version.validFrom() <= t) {
                return version;
            }
        }
        return null;
    }
}
