from hypothesis import given
from hypothesis import strategies as st

from neighbourhood.geo import bounding_boxes, haversine_km

latitudes = st.floats(min_value=-80, max_value=80)
longitudes = st.floats(min_value=-180, max_value=180)


def inside(boxes, latitude, longitude) -> bool:
    return any(
        b.min_latitude <= latitude <= b.max_latitude
        and b.min_longitude <= longitude <= b.max_longitude
        for b in boxes
    )


def test_lyon_to_paris_is_about_392_km():
    assert 390 < haversine_km(45.7640, 4.8357, 48.8566, 2.3522) < 394


@given(
    latitudes,
    longitudes,
    st.floats(min_value=0.5, max_value=100),
    st.floats(min_value=0, max_value=360),
    st.floats(min_value=0, max_value=1),
)
def test_every_point_within_the_radius_is_inside_a_box(lat, lng, radius, bearing, fraction):
    """Whatever the place, even across the ±180° meridian, the pre-filter loses nobody."""
    import math

    distance = radius * fraction * 0.999
    # The point at that distance and bearing (great-circle destination formula).
    phi1, lambda1, theta = math.radians(lat), math.radians(lng), math.radians(bearing)
    delta = distance / 6371.0088
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    lat2 = math.degrees(phi2)
    lng2 = (math.degrees(lambda2) + 540) % 360 - 180
    assert haversine_km(lat, lng, lat2, lng2) <= radius
    assert inside(bounding_boxes(lat, lng, radius), lat2, lng2)


def test_a_circle_across_the_antimeridian_gets_two_boxes():
    boxes = bounding_boxes(-17.0, 179.99, 5)
    assert len(boxes) == 2
    assert inside(boxes, -17.0, -179.99)
