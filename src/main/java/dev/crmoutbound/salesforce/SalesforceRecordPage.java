package dev.crmoutbound.salesforce;

import org.apache.camel.component.salesforce.api.dto.AbstractQueryRecordsBase;

/** A page of a SOQL query's result, as camel-salesforce reads it (it follows nextRecordsUrl itself). */
public class SalesforceRecordPage extends AbstractQueryRecordsBase<SalesforceRecord> {
}
