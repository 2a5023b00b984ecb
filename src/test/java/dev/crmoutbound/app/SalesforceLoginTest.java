package dev.crmoutbound.app;

import dev.crmoutbound.support.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.support.FakeSalesforce;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each OAuth flow camel-salesforce supports, configured from settings, logs in to the local Salesforce. */
class SalesforceLoginTest {

    @TempDir
    Path dir;

    private String loginWith(FakeSalesforce sf, Map<String, String> values) throws Exception {
        Map<String, String> all = new HashMap<>(values);
        all.put("salesforce.login-url", sf.loginUrl());
        all.put("salesforce.client-id", FakeSalesforce.CLIENT_ID);
        try (CamelContext context = new DefaultCamelContext()) {
            context.addComponent("salesforce", SalesforceSetup.component(TestSettings.of(all)));
            context.start();
        }
        return sf.grants().get(sf.grants().size() - 1);
    }

    @Test
    void usernamePasswordRefreshTokenClientCredentialsAndJwtBearerEachLogIn() throws Exception {
        try (FakeSalesforce sf = FakeSalesforce.start()) {
            assertThat(loginWith(sf, Map.of("salesforce.client-secret", FakeSalesforce.CLIENT_SECRET,
                    "salesforce.username", FakeSalesforce.USER, "salesforce.password", FakeSalesforce.PASSWORD)))
                    .isEqualTo("password");
            assertThat(loginWith(sf, Map.of("salesforce.refresh-token", "refresh-123"))).isEqualTo("refresh_token");
            assertThat(loginWith(sf, Map.of("salesforce.client-secret", FakeSalesforce.CLIENT_SECRET,
                    "salesforce.auth-type", "client_credentials"))).isEqualTo("client_credentials");
            Path keystore = dir.resolve("jwt.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "jwt", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=crm-outbound-calls",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                    .redirectErrorStream(true).start();
            assertThat(keytool.waitFor()).isZero();
            assertThat(loginWith(sf, Map.of("salesforce.username", FakeSalesforce.USER,
                    "salesforce.jwt-keystore", keystore.toString(), "salesforce.jwt-keystore-password", "changeit")))
                    .isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
            assertThat(sf.jwtAudiences()).last().as("by default the login URL").isEqualTo(sf.loginUrl());
            loginWith(sf, Map.of("salesforce.username", FakeSalesforce.USER, "salesforce.jwt-keystore", keystore.toString(),
                    "salesforce.jwt-keystore-password", "changeit", "salesforce.jwt-audience", "https://test.salesforce.com"));
            assertThat(sf.jwtAudiences()).last().isEqualTo("https://test.salesforce.com");
        }
    }

    @Test
    void aMissingKeystoreOrAnUnknownFlowIsAClearError() {
        Map<String, String> values = Map.of("salesforce.client-id", "x", "salesforce.jwt-keystore", dir.resolve("none.p12").toString());
        assertThatThrownBy(() -> SalesforceSetup.component(TestSettings.of(values)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("SALESFORCE_JWT_KEYSTORE");
        Map<String, String> flow = Map.of("salesforce.client-id", "x", "salesforce.auth-type", "magic");
        assertThatThrownBy(() -> SalesforceSetup.component(TestSettings.of(flow)))
                .hasMessageContaining("SALESFORCE_AUTH_TYPE");
    }
}
