//! What a scan reports: one [`Finding`] per span of text that may identify a patient.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Which HIPAA Safe Harbor identifier (45 CFR 164.514(b)(2)) a finding is, plus the
/// two extra kinds Clearpost reports: ages over 89 and words that reveal someone is a
/// patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// (A) Names.
    Name,
    /// (B) Geographic subdivisions smaller than a state: street addresses, cities,
    /// ZIP codes, hospital rooms and beds.
    GeographicSubdivision,
    /// (C) Dates (except the year alone) directly related to an individual.
    Date,
    /// (D) Telephone numbers.
    PhoneNumber,
    /// (E) Fax numbers.
    FaxNumber,
    /// (F) Email addresses.
    EmailAddress,
    /// (G) Social Security numbers.
    SocialSecurityNumber,
    /// (H) Medical record numbers.
    MedicalRecordNumber,
    /// (I) Health plan beneficiary numbers (Medicare MBI, member IDs).
    HealthPlanBeneficiaryNumber,
    /// (J) Account numbers (including payment card numbers and IBANs).
    AccountNumber,
    /// (K) Certificate and licence numbers (NPI, DEA, driver's licence).
    CertificateLicenseNumber,
    /// (L) Vehicle identifiers and serial numbers, including licence plates.
    VehicleIdentifier,
    /// (M) Device identifiers and serial numbers.
    DeviceIdentifier,
    /// (N) Web URLs.
    Url,
    /// (O) IP addresses.
    IpAddress,
    /// (P) Biometric identifiers (finger and voice prints, retina scans).
    BiometricIdentifier,
    /// (Q) Full-face photographs and comparable images.
    FullFacePhoto,
    /// (R) Any other unique identifying number, characteristic or code.
    OtherUniqueIdentifier,
    /// Ages over 89 (Safe Harbor requires aggregating them into "90 or older").
    /// Named as [`Category::as_str`] names it (snake_case alone would write
    /// `age_over89`), so the editor, kept phrases and submissions agree.
    #[serde(rename = "age_over_89")]
    AgeOver89,
    /// Words that say a named or described person is a patient ("our patient",
    /// "was admitted", a diagnosis next to a person).
    PatientContext,
}

impl Category {
    /// Every category, in the order of the Safe Harbor list.
    pub const ALL: [Category; 20] = [
        Category::Name,
        Category::GeographicSubdivision,
        Category::Date,
        Category::PhoneNumber,
        Category::FaxNumber,
        Category::EmailAddress,
        Category::SocialSecurityNumber,
        Category::MedicalRecordNumber,
        Category::HealthPlanBeneficiaryNumber,
        Category::AccountNumber,
        Category::CertificateLicenseNumber,
        Category::VehicleIdentifier,
        Category::DeviceIdentifier,
        Category::Url,
        Category::IpAddress,
        Category::BiometricIdentifier,
        Category::FullFacePhoto,
        Category::OtherUniqueIdentifier,
        Category::AgeOver89,
        Category::PatientContext,
    ];

    /// The serde name ("phone_number"), for reports and command-line output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::GeographicSubdivision => "geographic_subdivision",
            Category::Date => "date",
            Category::PhoneNumber => "phone_number",
            Category::FaxNumber => "fax_number",
            Category::EmailAddress => "email_address",
            Category::SocialSecurityNumber => "social_security_number",
            Category::MedicalRecordNumber => "medical_record_number",
            Category::HealthPlanBeneficiaryNumber => "health_plan_beneficiary_number",
            Category::AccountNumber => "account_number",
            Category::CertificateLicenseNumber => "certificate_license_number",
            Category::VehicleIdentifier => "vehicle_identifier",
            Category::DeviceIdentifier => "device_identifier",
            Category::Url => "url",
            Category::IpAddress => "ip_address",
            Category::BiometricIdentifier => "biometric_identifier",
            Category::FullFacePhoto => "full_face_photo",
            Category::OtherUniqueIdentifier => "other_unique_identifier",
            Category::AgeOver89 => "age_over_89",
            Category::PatientContext => "patient_context",
        }
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters under the policy in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Allow-listed (the organisation's own phone number, a consenting staff member).
    Suppressed,
    /// Worth a look, but does not stop submission.
    Warning,
    /// Must be fixed or overridden with a reason before the draft can go out.
    Blocking,
}

/// One span of text that may identify a patient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// Byte offsets into the scanned source text (end exclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The same span in UTF-16 code units, as a browser editor counts.
    pub utf16_start: usize,
    /// End in UTF-16 code units (exclusive).
    pub utf16_end: usize,
    /// Which identifier it is.
    pub category: Category,
    /// How sure the recogniser is, 0 to 1.
    pub confidence: f32,
    /// The matched text, exactly as in the source.
    pub text: String,
    /// Why it was flagged, in plain words ("looks like a US phone number").
    pub reason: String,
    /// What to write instead ("[name]", "in her 90s").
    pub suggestion: String,
    /// True when an allow-list entry of the policy covers it: reported, never hidden.
    pub suppressed: bool,
    /// What the policy makes of it.
    pub severity: Severity,
}

impl Finding {
    /// The byte range into the source text.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether it stops a draft under the policy that produced it.
    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Blocking
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The editor sends back the category it got in a finding's JSON when the
    /// author keeps a phrase, and a submission matches kept phrases by
    /// `as_str`: the two spellings must be the same for every category.
    #[test]
    fn every_category_is_written_as_its_name_and_read_back() {
        for category in Category::ALL {
            let json = serde_json::to_value(category).unwrap();
            assert_eq!(json, category.as_str(), "{category:?}");
            assert_eq!(serde_json::from_value::<Category>(json).unwrap(), category);
        }
    }
}
